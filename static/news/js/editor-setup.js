/* Sends Django's CSRF token with every upload CKEditor 4 makes (image dialog, paste, drop). */
;(() => {
  "use strict"

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]")
    if (input) return input.value
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/)
    return match ? decodeURIComponent(match[1]) : ""
  }

  function setUp() {
    if (!window.CKEDITOR) return false
    window.CKEDITOR.on("instanceReady", (event) => {
      const editor = event.editor
      editor.config.fileTools_requestHeaders = {
        "X-CSRFToken": csrfToken(),
        "X-Requested-With": "XMLHttpRequest",
      }
    })
    return true
  }

  // Django's media merging can put this file before ckeditor.js; the editors are created on
  // DOMContentLoaded (ckeditor-init.js), so waiting for it is still early enough.
  if (!setUp()) document.addEventListener("DOMContentLoaded", setUp)
})()
