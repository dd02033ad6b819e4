// Starts Swagger UI on /docs (a file, not an inline script: the CSP allows scripts from 'self' only).
// The packaged Swagger UI (4.15) reads OpenAPI 3.0 only and FastAPI writes 3.1: the schema is shown as
// 3.0.3, which renders our routes and models; the schema itself (/openapi.json) stays 3.1.
// « Try it out » calls the API with the desk's session cookie; a session writing through the API must
// send its CSRF token (web/auth.py), given by the page in <meta name="csrf-token">: every request gets it.
window.addEventListener("load", function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  fetch("/openapi.json", { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (spec) {
      spec.openapi = "3.0.3";
      window.ui = window.SwaggerUIBundle({
        spec: spec,
        dom_id: "#swagger-ui",
        requestInterceptor: function (request) {
          if (token) request.headers["X-CSRF-Token"] = token;
          request.credentials = "same-origin";
          return request;
        },
      });
    });
});
