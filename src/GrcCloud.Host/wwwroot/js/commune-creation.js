// A town's creation: asks the state every second and writes it in the status region (announced by
// screen readers) and the progress bar; once finished, the page is loaded again to show the links or
// the reason of the failure. Without this script, the "Actualiser" link does the same by hand.
(function () {
  var box = document.querySelector('[data-creation]');
  if (!box || box.getAttribute('data-finished') === 'true' || !window.fetch) return;
  var state = box.querySelector('[data-state]');
  var bar = box.querySelector('progress');
  function poll() {
    fetch(box.getAttribute('data-creation'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (run) {
        if (!run) { window.setTimeout(poll, 3000); return; }
        if (state.textContent !== run.text) state.textContent = run.text;
        bar.max = run.stepCount;
        bar.value = run.step;
        if (run.status === 'succeeded' || run.status === 'failed') window.location.reload();
        else window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 1000);
})();
