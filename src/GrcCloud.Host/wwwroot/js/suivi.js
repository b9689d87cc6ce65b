// Live timeline of a request (progressive enhancement: the page is complete without it).
// New public events arrive by server-sent events and are added to the list, announced politely.
(function () {
  var timeline = document.querySelector('[data-suivi]');
  if (!timeline || !window.EventSource) return;
  var status = document.querySelector('[data-statut]');
  var source = new EventSource(timeline.getAttribute('data-suivi'));
  source.addEventListener('timeline', function (e) {
    var template = document.createElement('template');
    template.innerHTML = e.data; // built and escaped by the server
    timeline.appendChild(template.content);
  });
  source.addEventListener('status', function (e) {
    if (status) status.textContent = new DOMParser().parseFromString(e.data, 'text/html').documentElement.textContent;
  });
})();
