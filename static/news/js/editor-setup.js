/* CKEditor 4 set-up for the newsroom, run after ckeditor.js and before the editors start. */
;(() => {
  "use strict"
  if (!window.CKEDITOR) return

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]")
    if (input) return input.value
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/)
    return match ? decodeURIComponent(match[1]) : ""
  }

  // Every upload (image dialog, paste, drop) carries Django's CSRF token.
  window.CKEDITOR.on("instanceReady", (event) => {
    event.editor.config.fileTools_requestHeaders = {
      "X-CSRFToken": csrfToken(),
      "X-Requested-With": "XMLHttpRequest",
    }
  })

  // The image dialog: CKEditor's Vietnamese labels call the alt text "Chú thích ảnh" (caption),
  // which editors confuse with the caption itself. Name it for what it is, and start with the
  // caption turned on, as every photo on the portal has one.
  window.CKEDITOR.on("dialogDefinition", (event) => {
    if (event.data.name !== "image2") return
    const info = event.data.definition.getContents("info")
    const alt = info && info.get("alt")
    if (alt) {
      alt.label = "Mô tả thay thế (tả nội dung ảnh cho người khiếm thị, bắt buộc)"
    }
    const caption = info && info.get("hasCaption")
    if (caption) caption.label = "Có chú thích dưới ảnh"
    const definition = event.data.definition
    const originalOnShow = definition.onShow
    definition.onShow = function (...args) {
      if (originalOnShow) originalOnShow.apply(this, args)
      // A new image (no address yet) starts captioned; an existing one keeps its choice.
      if (!this.getValueOf("info", "src")) this.setValueOf("info", "hasCaption", true)
    }
  })
})()
