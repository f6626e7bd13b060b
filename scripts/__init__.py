"""Developer scripts: thin entry points; their code is the `scripts.devtools` package."""
