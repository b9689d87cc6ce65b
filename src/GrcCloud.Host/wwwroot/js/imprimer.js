// A print button where the page offers one (hidden without script: the browser's own print still works).
(function () {
  document.querySelectorAll('[data-imprimer]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () { window.print(); });
  });
})();
