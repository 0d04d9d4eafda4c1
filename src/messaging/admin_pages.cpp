// GET /admin/outbox: how many messages are queued, sent and failed per kind, so an admin sees
// that e-mail is configured and flowing. Never shows recipients or contents.
#include "app/app.hpp"
#include "messaging/outbox_store.hpp"
#include "web/layout.hpp"

namespace kp::messaging {
namespace {

using web::Context;

std::string status_label(Context& ctx, const std::string& s) {
  if (s == "queued") return ctx.tr("Waiting to be sent");
  if (s == "sent") return ctx.tr("Sent");
  if (s == "failed") return ctx.tr("Could not be sent");
  return s;
}

std::string channel_label(Context& ctx, const std::string& c) {
  if (c == "email") return ctx.tr("E-mail");
  if (c == "sms") return ctx.tr("SMS");
  return c;
}

http::Response outbox_page(Context& ctx) {
  auto counts = count_outbox(*ctx.app.db, ctx.actor->municipality_id);
  if (!counts) return web::busy_page(ctx);
  const auto& s = ctx.app.settings;
  web::Page p;
  p.title = ctx.tr("Outgoing messages");
  p.staff = true;
  p.nav = "audit";
  p.body.append(R"(<h1 class="ds-heading" data-size="lg">{}</h1><p class="ds-paragraph">{}</p>)", ctx.tr("Outgoing messages"),
                ctx.tr("E-mails and text messages to the public wait here until they are sent. Their contents are deleted 30 days after sending."));
  if (s.smtp_host.empty())
    p.body.append(R"(<div class="ds-alert" data-color="warning" role="status"><p class="ds-paragraph">{}</p></div>)",
                  ctx.tr("No e-mail server is set up (setting smtp_host), so e-mails stay in the queue."));
  if (s.sms_gateway.empty() || s.sms_gateway == "none")
    p.body.append(R"(<div class="ds-alert" data-color="info" role="status"><p class="ds-paragraph">{}</p></div>)",
                  ctx.tr("No SMS gateway is set up (setting sms_gateway), so text messages stay in the queue."));
  if (counts->empty()) {
    p.body.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No messages yet."));
  } else {
    p.body.append(R"(<div class="kp-table-wrap"><table class="ds-table kp-table"><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>)",
                  ctx.tr("Status"), ctx.tr("Channel"), ctx.tr("Kind"), ctx.tr("How many"));
    for (const auto& c : *counts)
      p.body.append("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", status_label(ctx, c.status),
                    channel_label(ctx, c.channel), c.kind, ctx.t.number(c.count));
    p.body.append("</tbody></table></div>");
  }
  return web::render(ctx, p);
}

}  // namespace

void register_admin_routes(app::App& app) {
  app.router.add(http::Method::GET, "/admin/outbox", policy::Permission::system_read, outbox_page);
}

}  // namespace kp::messaging
