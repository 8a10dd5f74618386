// The portal's small behaviours, none needed to read a page: the reader's font size (kept in
// localStorage), "copy link" on stories and the poster's print button. No third-party script.
// Their controls are in the page from the start (no layout shift) and hidden only where
// JavaScript does not run (html:not(.ex-js), set in the head).
(function () {
  var root = document.documentElement;
  var control = document.querySelector("[data-ex-fontsize]");
  if (control) {
    control.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-step]");
      if (!button) return;
      var step = Number(button.dataset.step);
      var size = step === 0 ? 0 : Math.min(2, Math.max(0, Number(root.dataset.exSize || 0) + step));
      if (size) root.dataset.exSize = String(size); else delete root.dataset.exSize;
      try { localStorage.setItem("ex-font-size", String(size)); } catch (e) { /* private mode */ }
    });
  }
  document.querySelectorAll("[data-ex-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = button.dataset.exCopy;
      var done = function () {
        var status = button.parentNode.querySelector("[data-ex-copy-status]");
        if (status) status.textContent = "Đã chép đường dẫn";
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(url).then(done, function () { window.prompt("Chép đường dẫn:", url); });
      } else {
        window.prompt("Chép đường dẫn:", url);
      }
    });
  });
  // The 404 page's search button opens the header's search dialog.
  document.querySelectorAll("[data-ex-open-search]").forEach(function (button) {
    button.addEventListener("click", function () {
      var search = document.querySelector(".ex-search__button");
      if (search) search.click();
    });
  });
  // Zalo has no share link without its SDK: the phone's share sheet lists it; else copy.
  document.querySelectorAll("[data-ex-share]").forEach(function (button) {
    button.addEventListener("click", function () {
      var url = button.dataset.exShare;
      if (navigator.share) {
        navigator.share({ title: button.dataset.exShareTitle, url: url }).catch(function () {});
      } else {
        var copy = button.parentNode.querySelector("[data-ex-copy]");
        if (copy) copy.click();
      }
    });
  });
  document.querySelectorAll("[data-ex-print-poster]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
