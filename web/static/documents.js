/* The upload form's drop zone (parts/documents.html). Without this script the form is a plain file
   input and works the same: this only lets a file be dropped onto it, shows the file chosen, and
   says at once — in Japanese, by the field — when it is larger than the service takes, before it is
   sent. The service still reads the type from the content and checks the size itself. */
(function () {
  "use strict";

  function readable(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1).replace(/\.0$/, "") + " MB";
    if (bytes >= 1024) return (bytes / 1024).toFixed(1).replace(/\.0$/, "") + " KB";
    return bytes.toLocaleString("ja-JP") + " バイト";
  }

  function setUp(zone) {
    var input = zone.querySelector("input[type=file]");
    var chosen = zone.querySelector("[data-chosen]");
    var prompt = zone.querySelector("[data-drop-prompt]");
    var form = zone.closest("form");
    var problem = form.querySelector("[data-client-error]");
    var limit = parseInt(zone.getAttribute("data-max-bytes"), 10);
    if (!input || !form) return;
    zone.classList.add("drop-zone--active");
    if (prompt) prompt.hidden = false;

    function tooLarge(file) {
      return file && limit && file.size > limit;
    }

    function show() {
      var file = input.files && input.files[0];
      chosen.textContent = file ? "選択したファイル: " + file.name + "（" + readable(file.size) + "）" : "";
      if (tooLarge(file)) {
        problem.textContent = "ファイルが大きすぎます。添付できるのは 1 件あたり " + zone.getAttribute("data-limit") + " までです。";
        problem.hidden = false;
        input.setAttribute("aria-invalid", "true");
      } else {
        problem.textContent = "";
        problem.hidden = true;
        input.removeAttribute("aria-invalid");
      }
    }

    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("drop-zone--over");
      });
    });
    ["dragleave", "dragend"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("drop-zone--over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("drop-zone--over");
      var files = event.dataTransfer && event.dataTransfer.files;
      if (!files || !files.length) return;
      var one = new DataTransfer();
      one.items.add(files[0]);  // one document per upload
      input.files = one.files;
      show();
      input.focus();
    });
    input.addEventListener("change", show);
    form.addEventListener("submit", function (event) {
      if (tooLarge(input.files && input.files[0])) {
        event.preventDefault();
        show();
        input.focus();
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-drop-zone]"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
