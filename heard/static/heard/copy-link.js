// Optional: a "Copy" button beside each read-only field on the page. Without this script the
// fields are still there to select and copy by hand. The words come translated in the page.
(function () {
  "use strict";
  document.querySelectorAll(".copy-source").forEach(function (field) {
    if (!navigator.clipboard) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = field.dataset.copy;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(function () {
        button.textContent = field.dataset.copied;
      });
    });
    field.insertAdjacentElement("afterend", button);
  });
})();
