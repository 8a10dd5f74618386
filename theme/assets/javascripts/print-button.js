// "In danh sách năm học …" on registration lists prints that school year's list alone. The
// browser's own Print command prints the year named in the address (#nam-hoc-…), else the first
// on the page. Without JavaScript the buttons stay hidden and Print gives every year, each on its
// own sheet (news.css @media print).
(function () {
  var forms = Array.prototype.slice.call(document.querySelectorAll(".ex-form"));
  var root = document.documentElement;
  function choose(id) {
    var target = forms.filter(function (f) { return f.id === id; })[0] || forms[0];
    forms.forEach(function (f) { f.classList.toggle("ex-form--print", f === target); });
    root.classList.add("ex-print-one");
  }
  window.addEventListener("beforeprint", function () {
    if (!root.classList.contains("ex-print-one")) choose(location.hash.slice(1));
  });
  window.addEventListener("afterprint", function () { root.classList.remove("ex-print-one"); });
  document.querySelectorAll("[data-ex-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      choose(button.getAttribute("data-ex-print"));
      window.print();
    });
  });
})();
