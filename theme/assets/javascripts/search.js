/* Site search: opens Pagefind's Component UI in a dialog, loading it on first use.
 * Markup: theme/partials/search.html. Nothing is fetched until the reader opens the search
 * (a page view stays light on phones); pointerdown starts the download a moment early. */
(function () {
  "use strict";
  var root = document.querySelector("[data-ex-search]");
  if (!root || !("customElements" in window)) return;
  var button = root.querySelector("button");
  var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI);
  var ready = null;
  var modal = null;

  // Vietnamese strings Pagefind's own `vi` translation lacks or words differently.
  var STRINGS = {
    placeholder: "Tìm theo tên, tiêu đề, đơn vị…",
    search_label: "Tìm kiếm điển hình",
    alt_search: "Không tìm thấy kết quả cho [SEARCH_TERM]. Đang hiển thị kết quả cho [DIFFERENT_TERM]",
    input_hint: "Gõ có dấu hoặc không dấu, ví dụ: nguyen thi hoa",
    // Esc closes the dialog (the browser's own <dialog> behaviour), also with text typed.
    keyboard_clear: "đóng"
  };

  function fetchInto(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      Object.keys(attrs).forEach(function (k) { el[k] = attrs[k]; });
      el.onload = resolve;
      el.onerror = function () { el.remove(); reject(new Error("không tải được " + (attrs.href || attrs.src))); };
      document.head.appendChild(el);
    });
  }

  function load() {
    if (ready) return ready;
    ready = Promise.all([
      fetchInto("link", { rel: "stylesheet", href: new URL("pagefind-component-ui.css", bundle).href }),
      fetchInto("script", { src: new URL("pagefind-component-ui.js", bundle).href })
    ]).then(function () {
      // The bundle's pagefind.js is our Vietnamese index (generator/search_engine.js).
      var instance = window.PagefindComponents.configureInstance("default", { bundlePath: bundle.pathname });
      // Set the language before the elements render (Pagefind would only detect it afterwards,
      // leaving English on the first render of some buttons).
      instance.setLanguage(document.documentElement.lang || "vi");
      instance.setTranslations(STRINGS);
      var template = root.querySelector("template");
      document.body.appendChild(template.content.cloneNode(true));
      modal = document.body.querySelector("pagefind-modal.ex-search__modal");
    }, function (error) {
      ready = null; // offline for a moment: let the next click try again
      throw error;
    });
    return ready;
  }

  function open() {
    load().then(function () { modal.open(); }, function (error) {
      button.title = "Chưa tải được công cụ tìm kiếm, hãy thử lại (" + error.message + ")";
    });
  }

  button.addEventListener("click", open);
  button.addEventListener("pointerdown", function () { load().catch(function () {}); }, { once: true });
  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing || (modal && modal.isOpen)) return;
    var target = event.target;
    var typing = target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
    var slash = event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey;
    var modK = (event.key === "k" || event.key === "K") && (event.ctrlKey || event.metaKey) && !event.altKey;
    if (slash || modK) {
      event.preventDefault();
      open();
    }
  });
})();
