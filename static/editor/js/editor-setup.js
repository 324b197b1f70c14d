/* CKEditor 4 set-up for the newsroom, done before the editors start. */
;(() => {
  "use strict"

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]")
    if (input) return input.value
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/)
    return match ? decodeURIComponent(match[1]) : ""
  }

  function setUp() {
    // Every upload (image dialog, paste, drop) carries Django's CSRF token.
    window.CKEDITOR.on("instanceReady", (event) => {
      event.editor.config.fileTools_requestHeaders = {
        "X-CSRFToken": csrfToken(),
        "X-Requested-With": "XMLHttpRequest",
      }
    })

    // image2 writes its caption placeholder ("Nhãn") as real text: a click in it and typing
    // gave "NhTrung tâm…ãn". When the caret lands in a caption that holds only the placeholder,
    // the placeholder is selected, so what is typed replaces it.
    window.CKEDITOR.on("instanceReady", (event) => {
      const editor = event.editor
      const placeholder = editor.lang.image2 && editor.lang.image2.captionPlaceholder
      if (!placeholder) return
      editor.on("selectionChange", (change) => {
        const selection = change.data.selection
        const start = selection && selection.getStartElement()
        const caption = start && start.getAscendant("figcaption", true)
        if (!caption || caption.getText().trim() !== placeholder) return
        const ranges = selection.getRanges()
        if (ranges.length && !ranges[0].collapsed) return
        const range = editor.createRange()
        range.selectNodeContents(caption)
        range.select()
      })
    })

    // The image dialog: CKEditor's Vietnamese labels call the alt text "Chú thích ảnh" (caption),
    // which editors confuse with the caption itself. Name it for what it is, and start with the
    // caption turned on, as every photo on the portal has one.
    window.CKEDITOR.on("dialogDefinition", (event) => {
      if (event.data.name === "link") {
        // CKEditor's Vietnamese has no words for the link's text field.
        const linkInfo = event.data.definition.getContents("info")
        const text = linkInfo && linkInfo.get("linkDisplayText")
        if (text) text.label = "Chữ hiển thị của liên kết"
        return
      }
      if (event.data.name !== "image2") return
      const info = event.data.definition.getContents("info")
      const alt = info && info.get("alt")
      if (alt) {
        alt.label = "Mô tả thay thế (tả nội dung ảnh cho người khiếm thị, bắt buộc)"
        alt.validate = window.CKEDITOR.dialog.validate.notEmpty(
          "Hãy điền mô tả thay thế: một câu tả nội dung ảnh cho người khiếm thị.",
        )
      }
      const caption = info && info.get("hasCaption")
      if (caption) caption.label = "Có chú thích dưới ảnh"
      // A new image (no address yet) starts captioned; an existing one keeps its choice. This
      // runs after the widget has loaded its data into the dialog ("show" at priority 10).
      const dialog = event.data.dialog
      dialog.on(
        "show",
        () => {
          if (!dialog.getValueOf("info", "src")) dialog.setValueOf("info", "hasCaption", true)
        },
        null,
        null,
        20,
      )
    })
  }

  // Django's media merging puts this file before ckeditor.js (the widget's two script lists are
  // merged without an order between them). The editors start on DOMContentLoaded
  // (ckeditor-init.js), so setting up then is still early enough.
  if (window.CKEDITOR) setUp()
  else document.addEventListener("DOMContentLoaded", () => window.CKEDITOR && setUp())
})()
