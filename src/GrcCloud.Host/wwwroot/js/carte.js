// Map picker for location fields (progressive enhancement). A click on the map, or the marker dragged
// with the mouse, fills the latitude and longitude fields, which stay visible: typed, they move the marker;
// they and the description are the accessible way to give the place. Without this script, no map.
// A read-only map (.map-view: a request's place, for the resident, the agents, the official) shows its
// point only: no keyboard trap, no scroll-wheel zoom; the place is written next to it in words.
(function () {
  if (!window.L) return;
  document.querySelectorAll('.map-picker').forEach(function (container) {
    var lat = document.getElementById(container.dataset.lat);
    var lon = document.getElementById(container.dataset.lon);
    var status = document.getElementById(container.id + '-etat');
    var locate = document.querySelector('.map-locate[data-map="' + container.id + '"]');
    container.hidden = false;
    var map = L.map(container);
    L.tileLayer(container.dataset.tiles, { attribution: container.dataset.attribution, maxZoom: 19 }).addTo(map);
    var marker = null;

    function fill(point) {
      lat.value = point.lat.toFixed(6);
      lon.value = point.lng.toFixed(6);
      if (status) status.textContent = 'Point placé : latitude ' + lat.value + ', longitude ' + lon.value + '.';
    }
    function place(point, centre) {
      if (!marker) {
        marker = L.marker(point, { draggable: true, keyboard: true, title: 'Point choisi', alt: 'Point choisi' }).addTo(map);
        marker.on('dragend', function () { fill(marker.getLatLng()); });
      } else {
        marker.setLatLng(point);
      }
      if (centre) map.setView(point, Math.max(map.getZoom() || 0, 17));
    }
    function fromFields() {
      var a = parseFloat(lat.value), b = parseFloat(lon.value);
      if (isNaN(a) || isNaN(b) || Math.abs(a) > 90 || Math.abs(b) > 180) return false;
      place(L.latLng(a, b), true);
      return true;
    }

    map.on('click', function (e) { place(e.latlng, false); fill(e.latlng); });
    lat.addEventListener('change', fromFields);
    lon.addEventListener('change', fromFields);
    if (!fromFields()) {
      map.setView([46.6, 2.4], 5);
      fetch('/api/v1/adresses/centre', { headers: { Accept: 'application/json' } })
        .then(function (r) { return r.status === 200 ? r.json() : null; })
        .then(function (c) { if (c && !marker) map.setView([c.lat, c.lon], 15); })
        .catch(function () { /* the map stays on France */ });
    }
    if (locate && navigator.geolocation) {
      locate.parentElement.hidden = false;
      locate.addEventListener('click', function () {
        navigator.geolocation.getCurrentPosition(function (p) {
          var point = L.latLng(p.coords.latitude, p.coords.longitude);
          place(point, true);
          fill(point);
        }, function () {
          if (status) status.textContent = 'Position indisponible : placez le point sur la carte ou décrivez le lieu.';
        });
      });
    }
  });
  document.querySelectorAll('.map-view').forEach(function (container) {
    var lat = parseFloat(container.dataset.lat), lon = parseFloat(container.dataset.lon);
    if (isNaN(lat) || isNaN(lon)) return;
    var point = L.latLng(lat, lon);
    container.hidden = false;
    var map = L.map(container, { keyboard: false, scrollWheelZoom: false, zoomControl: false });
    L.tileLayer(container.dataset.tiles, { attribution: container.dataset.attribution, maxZoom: 19 }).addTo(map);
    L.marker(point, { keyboard: false, interactive: false, alt: '' }).addTo(map);
    map.setView(point, 17);
  });
})();
