// "In danh sách" on registration lists: the button stays hidden without JavaScript (the
// browser's own Print command gives the same page, styled by exemplars.css @media print).
document.querySelectorAll("[data-ex-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
