// A "Copy" button beside each citation box: the page works without it (the box can be selected and copied).
document.querySelectorAll("textarea.citation").forEach(function (box) {
  if (!navigator.clipboard) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = "copy";
  button.textContent = "Copy";
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(box.value).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    }, function () {
      box.select();
    });
  });
  box.insertAdjacentElement("afterend", button);
});
