// Address suggestions from the Base Adresse Nationale (progressive enhancement: without this script,
// or when the service is unreachable, the field stays free text). A native <datalist> carries them.
(function () {
  var inputs = document.querySelectorAll('input[autocomplete="street-address"]');
  inputs.forEach(function (input, index) {
    var list = document.createElement('datalist');
    list.id = 'adresses-' + index;
    input.setAttribute('list', list.id);
    input.after(list);
    var timer;
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 3) return;
      timer = setTimeout(function () {
        fetch('/api/v1/adresses?q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : []; })
          .then(function (labels) {
            list.replaceChildren.apply(list, labels.map(function (label) {
              var option = document.createElement('option');
              option.value = label;
              return option;
            }));
          })
          .catch(function () { /* free text */ });
      }, 250);
    });
  });
})();
