// The plain-language advice of the offer form, updated as the professional types: the server reads the texts
// (one definition of the advice, in Python) and this script redraws the boxes the page already has.
(function () {
  "use strict";
  var form = document.querySelector("form[data-plain-language-url]");
  if (!form || !window.fetch) {
    return;
  }
  var boxes = form.querySelectorAll("[data-plain-language-for]");
  var timer = null;
  var sent = 0;

  function fieldOf(box) {
    return document.getElementById(box.getAttribute("data-plain-language-for"));
  }

  function draw(box, lines) {
    while (box.firstChild) {
      box.removeChild(box.firstChild);
    }
    if (!lines.length) {
      return;
    }
    var callout = document.createElement("div");
    callout.className = "fr-callout fr-icon-lightbulb-line fr-mb-4w";
    callout.id = box.getAttribute("data-plain-language-for") + "-advice";
    var title = document.createElement("p");
    title.className = "fr-callout__title fr-h6";
    title.textContent = "Pour que les jeunes comprennent du premier coup";
    var list = document.createElement("ul");
    list.className = "fr-callout__text fr-text--md";
    lines.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    callout.appendChild(title);
    callout.appendChild(list);
    box.appendChild(callout);
  }

  function ask() {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    boxes.forEach(function (box) {
      var field = fieldOf(box);
      if (field) {
        body.append(field.name, field.value);
      }
    });
    var number = ++sent;
    fetch(form.getAttribute("data-plain-language-url"), { method: "POST", body: body, credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (advice) {
        if (!advice || number !== sent) {
          return; // a later answer is on its way
        }
        boxes.forEach(function (box) {
          var field = fieldOf(box);
          if (field && advice[field.name]) {
            draw(box, advice[field.name]);
          }
        });
      })
      .catch(function () {
        // Offline: the advice comes back when the form is saved.
      });
  }

  boxes.forEach(function (box) {
    var field = fieldOf(box);
    if (field) {
      field.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(ask, 400);
      });
    }
  });
})();
