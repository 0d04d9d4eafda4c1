#include <fmt/format.h>

#include "app/app.hpp"
#include "app/pages.hpp"
#include "http/gzip.hpp"

namespace kp::app {
namespace {

using http::Method;
using policy::Permission;

http::Response healthz(web::Context& ctx) {
  auto ok = ctx.app.db->ping();
  auto r = http::Response::text(ok ? 200 : 503, ok ? "ok\n" : "database unavailable\n");
  r.header("Cache-Control", "no-store");
  return r;
}

bool metrics_allowed(const App& app, const std::string& address) {
  const std::string& list = app.settings.metrics_allow;
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = list.find(',', pos);
    if (comma == std::string::npos) comma = list.size();
    if (list.compare(pos, comma - pos, address) == 0) return true;
    pos = comma + 1;
  }
  return false;
}

// Prometheus scrapes without a login, so /metrics is limited to the configured addresses;
// it holds counts only, no personal data.
http::Response metrics(web::Context& ctx) {
  if (!metrics_allowed(ctx.app, ctx.req.remote_addr)) return http::Response::text(404, "not found\n");
  std::string body = ctx.app.metrics.render();
  // How well the read audit's group commit batches: records per transaction = records / batches.
  body += fmt::format(
      "# HELP knutepunkt_audit_read_batches_total Write transactions of the read audit log.\n"
      "# TYPE knutepunkt_audit_read_batches_total counter\nknutepunkt_audit_read_batches_total {}\n"
      "# HELP knutepunkt_audit_read_records_total Read audit records appended.\n"
      "# TYPE knutepunkt_audit_read_records_total counter\nknutepunkt_audit_read_records_total {}\n"
      "# HELP knutepunkt_caseload_cache_hits_total Caseload pages served from the kept caseload.\n"
      "# TYPE knutepunkt_caseload_cache_hits_total counter\nknutepunkt_caseload_cache_hits_total {}\n"
      "# HELP knutepunkt_caseload_cache_misses_total Caseloads computed from the database.\n"
      "# TYPE knutepunkt_caseload_cache_misses_total counter\nknutepunkt_caseload_cache_misses_total {}\n",
      ctx.app.reads.batches(), ctx.app.reads.records(), ctx.app.caseloads.hits(), ctx.app.caseloads.misses());
  auto r = http::Response::text(200, body);
  r.content_type = "text/plain; version=0.0.4; charset=utf-8";
  r.header("Cache-Control", "no-store");
  return r;
}

http::Response asset(web::Context& ctx) {
  http::Response r;
  if (!ctx.app.assets.serve(ctx.req.path_param("file"), http::accepts_gzip(ctx.req.header("accept-encoding")), r))
    return http::Response::text(404, "not found\n");
  return r;
}

}  // namespace

void register_system_routes(App& app) {
  app.router.add(Method::GET, "/healthz", Permission::public_page, healthz);
  app.router.add(Method::GET, "/metrics", Permission::public_page, metrics);
  app.router.add(Method::GET, "/assets/{file}", Permission::public_page, asset);
}

}  // namespace kp::app
