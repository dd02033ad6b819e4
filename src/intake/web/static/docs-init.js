// Starts Swagger UI on /docs (a file, not an inline script: the CSP allows scripts from 'self' only).
// The packaged Swagger UI (4.15) reads OpenAPI 3.0 only and FastAPI writes 3.1: the schema is shown as
// 3.0.3, which renders our routes and models; the schema itself (/openapi.json) stays 3.1.
window.addEventListener("load", function () {
  fetch("/openapi.json", { credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (spec) {
      spec.openapi = "3.0.3";
      window.SwaggerUIBundle({ spec: spec, dom_id: "#swagger-ui" });
    });
});
