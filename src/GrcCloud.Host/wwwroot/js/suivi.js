// Live timeline of a request (progressive enhancement: the page is complete without it).
// New public events arrive by server-sent events and are added to the list, announced politely.
// When the status changes, the progress steps and the conversation part are taken from the page as
// the server now renders it: an information request turns "Écrire au service" into the answer form, with the question. What
// the resident was typing is kept.
(function () {
  var timeline = document.querySelector('[data-suivi]');
  if (!timeline || !window.EventSource) return;
  var status = document.querySelector('[data-statut]');
  var source = new EventSource(timeline.getAttribute('data-suivi'));
  var leaving = false;
  // Once a form is sent the page is being left: a refresh now would fetch the page in the middle of
  // the post/redirect and consume the confirmation meant for the next page ("Votre réponse a été
  // transmise…").
  document.addEventListener('submit', function () { leaving = true; source.close(); }, true);
  window.addEventListener('pagehide', function () { leaving = true; source.close(); });

  function refreshConversation() {
    var current = document.querySelector('[data-conversation]');
    if (leaving || !current || !window.fetch) return;
    fetch(window.location.pathname, { credentials: 'same-origin', redirect: 'error' })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html || leaving) return;
        var page = new DOMParser().parseFromString(html, 'text/html');
        var steps = document.querySelector('[data-etapes]'), freshSteps = page.querySelector('[data-etapes]');
        if (steps && freshSteps) steps.replaceWith(freshSteps);
        var fresh = page.querySelector('[data-conversation]');
        if (!fresh) return;
        var typed = current.querySelector('textarea');
        var text = typed ? typed.value : '';
        current.replaceWith(fresh);
        var target = fresh.querySelector('textarea');
        if (target && text) target.value = text;
      })
      .catch(function () { /* session ended or network lost: a reload shows the form */ });
  }

  source.addEventListener('timeline', function (e) {
    var template = document.createElement('template');
    template.innerHTML = e.data; // built and escaped by the server
    timeline.appendChild(template.content);
  });
  source.addEventListener('status', function (e) {
    if (!status) return;
    var text = new DOMParser().parseFromString(e.data, 'text/html').documentElement.textContent;
    if (text === status.textContent) return;
    status.textContent = text;
    refreshConversation();
  });
})();
