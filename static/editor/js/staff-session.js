/* Staff sessions end after a while without a request (portal/staff.py). Typing an article in
   CKEditor sends no request, so while someone is actually working on an admin page (keys, pointer,
   the editor's own key and change events) the page tells the server once every few minutes;
   a page left alone sends nothing and its session ends as it should. */
(function () {
  "use strict";
  var script = document.currentScript;
  var url = script && script.getAttribute("data-alive-url");
  if (!url) {
    return;
  }
  var every = 4 * 60 * 1000;
  var active = false;
  function bump() {
    active = true;
  }
  ["keydown", "pointerdown", "input", "wheel"].forEach(function (name) {
    document.addEventListener(name, bump, { capture: true, passive: true });
  });
  window.addEventListener("load", function () {
    if (window.CKEDITOR) {
      window.CKEDITOR.on("instanceReady", function (event) {
        event.editor.on("key", bump);
        event.editor.on("change", bump);
      });
      Object.keys(window.CKEDITOR.instances).forEach(function (name) {
        window.CKEDITOR.instances[name].on("key", bump);
        window.CKEDITOR.instances[name].on("change", bump);
      });
    }
  });
  window.setInterval(function () {
    if (!active) {
      return;
    }
    active = false;
    window.fetch(url, { credentials: "same-origin", cache: "no-store" }).catch(function () {});
  }, every);
})();
