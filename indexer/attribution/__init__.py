"""Finding attributed statements in a parsed Doc: `extract_attributions(doc)` gives `Attribution`s.

The passes, in order, one module each:
1. `verbs`: reporting verbs (`said`, `stressed`, `expressed hope`, `adding`) with their subject and content;
2. `according`: `according to X`;
3. `quotations`: quotations whose cue is beside them rather than in the parse (`"...," he said.` split by
   the parser), and the joining of quote parts;
4. `continuations`: cue-less sentences in a paragraph that carry on a speaker's words.
`builder` keeps and classifies what the passes find; `syntax` holds the parse helpers they share, `ends`
where reported words end, `records` the records passed on and the `Limits` the passes work to.
Within a pass each construction is a detector function in an ordered list (`verbs.CUE_DETECTORS`,
`verbs.CONTENT_DETECTORS`, ...): a new construction is a new function and a new line in its list.
Offsets are character offsets into `doc.text`.
"""

from .extraction import extract_attributions
from .records import DEFAULT_LIMITS, Attribution, Limits

__all__ = ["DEFAULT_LIMITS", "Attribution", "Limits", "extract_attributions"]
