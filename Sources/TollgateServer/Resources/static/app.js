// Tollgate dashboard: small progressive enhancements. Every page works without this file except the
// playground's streaming. No inline script anywhere (the Content-Security-Policy forbids it).
"use strict";

(function () {
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  // Copy buttons: data-copy names the element whose text is copied.
  document.querySelectorAll("button.copy[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.dataset.copy);
      if (!source || !navigator.clipboard) return;
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        var label = button.textContent;
        button.textContent = "✓";
        setTimeout(function () { button.textContent = label; }, 1500);
      });
    });
  });

  // Forms that ask before doing something that cannot be undone.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  });

  // The model picker switches model as soon as one is chosen.
  var picker = document.getElementById("pick-model");
  if (picker) picker.addEventListener("change", function () { picker.form.submit(); });

  var form = document.getElementById("playground-form");
  var output = document.getElementById("playground-output");
  if (!form || !output) return;

  function api(method, path, body) {
    return fetch(path, {
      method: method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  // The request the form describes, as POST /api/v2/generate takes it (the server-side form does the same).
  function request() {
    var body = { model: form.dataset.model, params: {} };
    var prompt = form.elements.namedItem("prompt");
    if (prompt && prompt.value.trim()) body.prompt = prompt.value;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name.indexOf("p.") !== 0) return;
      var name = field.name.slice(2);
      if (field.type === "checkbox") { body.params[name] = field.checked; return; }
      if (field.value === "") return;
      var numeric = field.type === "number" || field.hasAttribute("data-numeric");
      body.params[name] = numeric ? Number(field.value) : field.value;
    });
    return body;
  }

  function clear() { while (output.firstChild) output.removeChild(output.firstChild); }

  function line(text, className) {
    var p = document.createElement("p");
    if (className) p.className = className;
    p.textContent = text;
    output.appendChild(p);
    return p;
  }

  function showError(error) {
    var p = line((error.message || error.error || "Error") + (error.retry_after ? " (" + error.retry_after + " s)" : ""), "error");
    p.id = "playground-error";
    if (error.error === "insufficient_tokens") {
      var link = document.createElement("a");
      link.href = "/dashboard/billing";
      link.className = "button";
      link.textContent = "→ /dashboard/billing";
      output.appendChild(link);
    }
  }

  // The balance beside the price, as the last answer left it.
  function showBalance(balance) {
    var now = document.getElementById("balance-now");
    if (now && typeof balance === "number") now.textContent = balance;
  }

  function showResult(generation) {
    showBalance(generation.balance_remaining);
    var status = line("#" + generation.id + " · " + generation.status + " · " + (generation.tokens_spent || 0) + " tokens", "muted");
    status.id = "result-status";
    var url = generation.result_url;
    if (generation.status === "failed") { showError({ message: generation.error || "failed" }); return; }
    if (url) {
      var kind = /\.(png|jpe?g|webp|gif)(\?|$)/i.test(url) ? "img" : /\.(mp4|webm|mov)(\?|$)/i.test(url) ? "video" : /\.(mp3|wav|ogg|m4a)(\?|$)/i.test(url) ? "audio" : "a";
      var media = document.createElement(kind);
      if (kind === "a") { media.href = url; media.textContent = url; } else { media.src = url; }
      if (kind !== "img" && kind !== "a") media.controls = true;
      if (kind === "video" && generation.thumbnail_url) media.poster = generation.thumbnail_url;
      media.id = "result-media";
      output.appendChild(media);
    }
    if (generation.result_text) {
      var text = document.createElement("div");
      text.className = "pre";
      text.id = "result-text";
      text.textContent = generation.result_text;
      output.appendChild(text);
    }
  }

  function poll(id) {
    var waiting = line("…", "muted");
    waiting.id = "pending";
    var timer = setInterval(function () {
      api("GET", "/api/v2/generate/" + id).then(function (response) { return response.json(); }).then(function (generation) {
        if (generation.status === "pending") { waiting.textContent += "."; return; }
        clearInterval(timer);
        clear();
        showResult(generation);
      }).catch(function () { /* try again at the next tick */ });
    }, 2000);
  }

  // Server-sent events from a fetch body: "data: {json}" lines separated by blank lines.
  function stream(body) {
    body.stream = true;
    var text = document.createElement("div");
    text.className = "pre";
    text.id = "result-text";
    output.appendChild(text);
    return api("POST", "/api/v2/generate", body).then(function (response) {
      if (!response.ok) return response.json().then(showError);
      var reader = response.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) return;
          buffer += decoder.decode(chunk.value, { stream: true });
          var events = buffer.split("\n\n");
          buffer = events.pop();
          events.forEach(function (event) {
            event.split("\n").forEach(function (row) {
              if (row.indexOf("data: ") !== 0) return;
              var data = row.slice(6);
              if (data === "[DONE]") return;
              var message = JSON.parse(data);
              if (message.type === "content_delta") text.textContent += message.delta;
              if (message.type === "generation_end") {
                var done = line("#" + message.id + " · completed · " + message.tokens_spent + " tokens · balance " + message.balance_remaining, "muted");
                done.id = "result-status";
                showBalance(message.balance_remaining);
              }
              if (message.type === "error") showError({ message: message.message, error: message.code });
            });
          });
          return pump();
        });
      }
      return pump();
    });
  }

  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.TextDecoder) return; // the server-side form answers instead
    event.preventDefault();
    var button = document.getElementById("generate");
    button.disabled = true;
    clear();
    var body = request();
    var done = function () { button.disabled = false; };
    if (form.dataset.streams === "true") {
      stream(body).catch(function (error) { showError({ message: String(error) }); }).then(done);
      return;
    }
    api("POST", "/api/v2/generate", body).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) { showError(json); return; }
        if (json.status === "pending") { showBalance(json.balance_remaining); poll(json.id); return; }
        showResult(json);
      });
    }).catch(function (error) { showError({ message: String(error) }); }).then(done);
  });

  // The price before sending, from the API's calculator, whenever a param changes.
  var price = document.getElementById("price");
  form.addEventListener("change", function () {
    if (!price) return;
    api("POST", "/api/v2/models/" + encodeURIComponent(form.dataset.model) + "/calculate-price", { params: request().params })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (quote) { if (quote) price.textContent = quote.token_cost; });
  });

  // A pending job shown by the server-side form is polled too.
  var pending = document.querySelector("#pending[data-generation]");
  if (pending) { var id = pending.dataset.generation; clear(); poll(id); }
})();
