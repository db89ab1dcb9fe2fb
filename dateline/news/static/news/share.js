// Adds a "Copy link" button beside the story's address. Without JavaScript the address is
// still there, in a read-only field a reader can select and copy.
(function () {
  "use strict";
  var field = document.getElementById("share-address");
  if (!field || !navigator.clipboard) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = "share__copy-button";
  button.textContent = field.dataset.copyLabel;
  var status = document.createElement("span");
  status.className = "share__status";
  status.setAttribute("role", "status");
  field.addEventListener("focus", function () {
    field.select();
  });
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      status.textContent = field.dataset.copiedLabel;
    });
  });
  field.after(button, status);
})();
