/* Sends Django's CSRF token with every upload CKEditor 4 makes (image dialog, paste, drop). */
;(() => {
  "use strict"
  if (!window.CKEDITOR) return

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]")
    if (input) return input.value
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/)
    return match ? decodeURIComponent(match[1]) : ""
  }

  window.CKEDITOR.on("instanceReady", (event) => {
    const editor = event.editor
    editor.config.fileTools_requestHeaders = {
      "X-CSRFToken": csrfToken(),
      "X-Requested-With": "XMLHttpRequest",
    }
  })
})()
