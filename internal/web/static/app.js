// gdprkit's only script besides htmx: dropping files on the upload form,
// the upload button's state, and copy buttons. Loaded from the server
// (CSP script-src 'self'); every page works without it.
(function () {
  "use strict";

  function sizeText(n) {
    var units = ["B", "KB", "MB", "GB"], i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i ? n.toFixed(1) : n) + " " + units[i];
  }

  function listFiles(input, list) {
    list.textContent = "";
    Array.prototype.forEach.call(input.files, function (f) {
      var li = document.createElement("li");
      li.textContent = f.name + " (" + sizeText(f.size) + ")";
      list.appendChild(li);
    });
  }

  function setupDropzone() {
    var zone = document.getElementById("dropzone");
    var input = document.getElementById("files");
    var list = document.getElementById("file-list");
    if (!zone || !input || !list) { return; }
    input.addEventListener("change", function () { listFiles(input, list); });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (type) {
      zone.addEventListener(type, function (e) { e.preventDefault(); zone.classList.remove("over"); });
    });
    zone.addEventListener("drop", function (e) {
      if (!e.dataTransfer || !e.dataTransfer.files.length) { return; }
      input.files = e.dataTransfer.files;
      listFiles(input, list);
    });
  }

  // While a large upload is sent, say so on the button: the browser's
  // own indicator is easy to miss.
  function setupUploadSending() {
    var form = document.getElementById("upload-form");
    if (!form) { return; }
    form.addEventListener("submit", function () {
      var btn = form.querySelector("button[type=submit]");
      if (!btn) { return; }
      btn.textContent = form.getAttribute("data-sending");
      btn.setAttribute("aria-busy", "true");
      window.setTimeout(function () { btn.disabled = true; }, 0);
    });
  }

  function setupCopy() {
    document.body.addEventListener("click", function (e) {
      var btn = e.target.closest("[data-copy]");
      if (!btn) { return; }
      var field = document.querySelector(btn.getAttribute("data-copy"));
      if (!field) { return; }
      field.select();
      if (navigator.clipboard) { navigator.clipboard.writeText(field.value); }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupDropzone();
    setupUploadSending();
    setupCopy();
  });
})();
