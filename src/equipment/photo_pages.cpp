// A photo of an item (bilde av utstyret): upload, replace, remove, and the image itself for the
// item page. Photos are cleaned of metadata (GPS position, time, camera, comments) before they
// are stored — core/image.hpp — and their type is read from the bytes, never from the name.
#include <fmt/format.h>

#include "app/app.hpp"
#include "core/ids.hpp"
#include "core/image.hpp"
#include "equipment/pages.hpp"
#include "equipment/photo_store.hpp"
#include "equipment/store.hpp"
#include "equipment/views.hpp"
#include "web/forms.hpp"

namespace kp::equipment {
namespace {

using http::Method;
using policy::Permission;
using web::Context;

const std::string& municipality(const Context& ctx) { return ctx.actor->municipality_id; }

http::Response upload(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  const http::Part* file = http::find_part(ctx.files, "photo");
  if (!file || file->body.empty())
    return web::error_page(ctx, 400, ctx.tr("No photo was chosen"),
                           ctx.tr("Go back and choose a photo of the item."));
  const auto max_mb = ctx.app.settings.max_upload_mb;
  if (file->body.size() > static_cast<std::size_t>(max_mb) * 1024 * 1024)
    return web::error_page(ctx, 413, ctx.tr("The file is too large"),
                           ctx.t.tr_args("A photo can be at most {mb} MB. Take it with a lower resolution and try again.",
                                         {{"mb", ctx.t.number(max_mb)}}));
  auto cleaned = image::strip_metadata(file->body);
  if (!cleaned)
    return web::error_page(ctx, 415, ctx.tr("This file cannot be used as a photo"),
                           ctx.tr("The photo must be a JPEG or PNG file. Go back and choose another file."));
  ItemPhoto p;
  p.id = ids::new_uuid();
  p.item_id = id;
  p.content_type = std::string(image::content_type(cleaned->format));
  p.content = std::move(cleaned->bytes);
  p.uploaded_by = ctx.actor->user_id;
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(put_item_photo(c, municipality(ctx), p, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock,
                         audit_entry(ctx, "equipment.item_photo", "equipment_item", id,
                                     fmt::format(R"({{"photo":"{}","bytes":{}}})", p.id, p.content.size())));
  });
  if (!st && st.error().kind == ErrorKind::not_found) return web::not_found_page(ctx);
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(item_path(id) + "?saved=photo");
}

http::Response remove(Context& ctx) {
  const std::string id = path_param(ctx, "id");
  auto st = ctx.app.db->with_write([&](store::Conn& c) -> Status {
    KP_TRY(remove_item_photo(c, municipality(ctx), id, ctx.app.clock.now()));
    return audit::append(c, ctx.app.clock, audit_entry(ctx, "equipment.item_photo_remove", "equipment_item", id));
  });
  if (!st && st.error().kind == ErrorKind::not_found) return web::not_found_page(ctx);
  if (!st) return web::busy_page(ctx);
  return http::Response::redirect(item_path(id) + "?saved=photo_removed");
}

http::Response image(Context& ctx) {
  const std::string id = path_param(ctx, "photo");
  auto p = ctx.app.db->read([&](store::Conn& c) { return get_item_photo(c, municipality(ctx), id); });
  if (!p) return web::busy_page(ctx);
  if (!*p) return web::not_found_page(ctx);
  http::Response r;
  r.content_type = (*p)->content_type;
  r.gzip_ok = false;  // already compressed
  // A new photo gets a new id, so the browser may keep this one; "private" keeps shared caches out.
  r.header("Cache-Control", "private, max-age=31536000, immutable");
  r.header("Content-Disposition", fmt::format("inline; filename=\"item-photo.{}\"",
                                              (*p)->content_type == "image/png" ? "png" : "jpg"));
  r.body = std::move((*p)->content);
  return r;
}

}  // namespace

web::Html photo_section(const Context& ctx, const Item& item) {
  web::Html b;
  b.append(R"(<section aria-labelledby="photo-h" class="kp-item-photo-section"><h2 class="ds-heading" data-size="sm" id="photo-h">{}</h2>)",
           ctx.tr("Photo"));
  if (item.photo)
    b.append(R"(<img class="kp-item-photo" src="/staff/equipment/photos/{}" alt="{}">)", *item.photo,
             ctx.t.tr_args("Photo of {item}", {{"item", item.number}}));
  else
    b.append(R"(<p class="ds-paragraph">{}</p>)", ctx.tr("No photo yet."));
  b.append(R"(<form method="post" action="{}" enctype="multipart/form-data" class="kp-form kp-inline-fields">{})",
           item_path(item.id, "photo"), web::csrf_field(ctx));
  b.append(R"(<div class="ds-field kp-field"><label class="ds-label" for="photo">{}</label><p class="ds-paragraph kp-hint" data-size="sm" id="photo-hint">{}</p><input class="ds-input" type="file" id="photo" name="photo" accept="image/jpeg,image/png" aria-describedby="photo-hint"></div>)",
           item.photo ? ctx.tr("Replace the photo") : ctx.tr("Add a photo"),
           ctx.tr("JPEG or PNG. Photograph the item only, not people. Place and time are removed from the file."));
  b.append(web::button(ctx.tr("Upload the photo"), false));
  b.append("</form>");
  if (item.photo) {
    b.append(R"(<form method="post" action="{}" class="kp-form">{})", item_path(item.id, "photo/remove"),
             web::csrf_field(ctx));
    b.append(web::button(ctx.tr("Remove the photo"), false));
    b.append("</form>");
  }
  b.append("</section>");
  return b;
}

void register_photo_routes(app::App& app) {
  auto& r = app.router;
  const auto p = Permission::equipment_manage;
  r.add(Method::POST, "/staff/equipment/items/{id:uuid}/photo", p, upload);
  r.add(Method::POST, "/staff/equipment/items/{id:uuid}/photo/remove", p, remove);
  r.add(Method::GET, "/staff/equipment/photos/{photo:uuid}", p, image);
}

}  // namespace kp::equipment
