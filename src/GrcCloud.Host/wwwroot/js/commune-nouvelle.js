// Creating a town: the identifier (slug) is proposed from the name as it is typed, until the operator
// writes one. Without this script the field is simply typed by hand.
(function () {
  var name = document.getElementById('Name');
  var slug = document.getElementById('Slug');
  if (!name || !slug) return;
  var proposed = slug.value === '';
  slug.addEventListener('input', function () { proposed = slug.value === ''; });
  name.addEventListener('input', function () {
    if (!proposed) return;
    slug.value = name.value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  });
})();
