// An item's photo as a lender uses it: upload from a phone (the GPS position in the file is
// removed before it is stored), see it on the item page, replace it, remove it. Wrong files get
// a clear error and store nothing; only staff who manage equipment see photos.
#include <gtest/gtest.h>

#include <regex>

#include "equipment/fixture.hpp"

namespace kp::test {
namespace {

using namespace std::string_literals;

std::string be16(std::size_t v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
std::string segment(unsigned char marker, const std::string& payload) {
  return "\xFF"s + static_cast<char>(marker) + be16(payload.size() + 2) + payload;
}

// A JPEG's structure as a phone writes it: JFIF, EXIF with a GPS note, a quantisation table,
// the scan. (Not decodable pixels; the server never decodes them.)
std::string phone_jpeg(const std::string& marker_text) {
  const std::string tiff = "MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x01\0\0\0\0\0\0"s + "GPS 58.14N 7.99E";
  return "\xFF\xD8"s + segment(0xE0, "JFIF\0\x01\x01\0\0\x01\0\x01\0\0"s) + segment(0xE1, "Exif\0\0"s + tiff) +
         segment(0xDB, std::string(65, '\x02')) + segment(0xDA, "\x01\x01\x00\x00\x3F\x00"s) + marker_text + "\xFF\xD9"s;
}

class ItemPhotos : public EquipmentTest {
 protected:
  void SetUp() override {
    EquipmentTest::SetUp();
    lang_ = "en";
    type_ = make_type("Langrennski", true);
    item_ = make_item(type_, "SKI-901");
    login("koordinator");
  }
  std::string item_page() { return "/staff/equipment/items/" + item_; }
  std::int64_t count(const std::string& sql) { return scalar(sql, item_); }
  std::string photo_url(const std::string& page) {
    std::smatch m;
    static const std::regex re(R"re(src="(/staff/equipment/photos/[0-9a-f-]{36})")re");
    return std::regex_search(page, m, re) ? std::string(m[1]) : std::string();
  }
  std::string type_, item_;
};

TEST_F(ItemPhotos, APhonePhotoIsShownWithoutItsPosition) {
  EXPECT_NE(get(item_page()).body.find("No photo yet."), std::string::npos);
  auto r = upload(item_page() + "/photo", item_page(), "photo", phone_jpeg("first"), {});
  ASSERT_EQ(r.status, 303) << r.body.substr(0, 2000);
  auto page = get(r.header("Location"));
  EXPECT_NE(page.body.find("The photo is saved."), std::string::npos);
  const std::string url = photo_url(page.body);
  ASSERT_FALSE(url.empty()) << "the item page shows the photo";
  EXPECT_NE(page.body.find(R"(alt="Photo of SKI-901")"), std::string::npos);

  auto img = get(url);
  ASSERT_EQ(img.status, 200);
  EXPECT_EQ(img.content_type, "image/jpeg");  // from the bytes; the browser claimed JSON
  EXPECT_NE(img.body.find("first"), std::string::npos);
  EXPECT_EQ(img.body.find("GPS"), std::string::npos) << "the position never reaches the database";
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'equipment.item_photo' AND entity_id = $1"), 1);
}

TEST_F(ItemPhotos, ReplacingKeepsOnePhotoAndEditingTheItemKeepsIt) {
  ASSERT_EQ(upload(item_page() + "/photo", item_page(), "photo", phone_jpeg("first"), {}).status, 303);
  const std::string first = photo_url(get(item_page()).body);
  ASSERT_EQ(upload(item_page() + "/photo", item_page(), "photo", phone_jpeg("second"), {}).status, 303);
  const std::string second = photo_url(get(item_page()).body);
  ASSERT_FALSE(second.empty());
  EXPECT_NE(first, second);
  EXPECT_EQ(get(first).status, 404) << "the replaced photo is gone";
  EXPECT_NE(get(second).body.find("second"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM item_photos WHERE item_id = $1"), 1);

  // Changing the item's other fields must not drop the photo.
  auto edit = get(item_page() + "/edit");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(edit.body, m, std::regex(R"re(name="version" value="(\d+)")re")));
  auto saved = post(item_page() + "/edit",
                    {{"type_id", type_}, {"number", "SKI-901"}, {"condition", "worn"}, {"site_id", ""}, {"note", "Ny"},
                     {"quantity", "1"}, {"version", m[1]}},
                    item_page() + "/edit");
  ASSERT_EQ(saved.status, 303) << saved.body.substr(0, 2000);
  EXPECT_EQ(photo_url(get(item_page()).body), second);
}

TEST_F(ItemPhotos, RemovingThePhoto) {
  ASSERT_EQ(upload(item_page() + "/photo", item_page(), "photo", phone_jpeg("first"), {}).status, 303);
  const std::string url = photo_url(get(item_page()).body);
  auto r = post(item_page() + "/photo/remove", {}, item_page());
  ASSERT_EQ(r.status, 303);
  auto page = get(r.header("Location"));
  EXPECT_NE(page.body.find("The photo is removed."), std::string::npos);
  EXPECT_TRUE(photo_url(page.body).empty());
  EXPECT_EQ(get(url).status, 404);
  EXPECT_EQ(count("SELECT COUNT(*) FROM item_photos WHERE item_id = $1"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'equipment.item_photo_remove' AND entity_id = $1"), 1);
}

TEST_F(ItemPhotos, WrongFilesAreRefusedWithAClearMessageAndNothingIsStored) {
  auto pdf = upload(item_page() + "/photo", item_page(), "photo", "%PDF-1.7 not a photo", {});
  EXPECT_EQ(pdf.status, 415);
  EXPECT_NE(pdf.body.find("The photo must be a JPEG or PNG file."), std::string::npos);
  auto svg = upload(item_page() + "/photo", item_page(), "photo", "<svg onload=\"alert(1)\"></svg>", {});
  EXPECT_EQ(svg.status, 415);
  auto cut = upload(item_page() + "/photo", item_page(), "photo", phone_jpeg("x").substr(0, 30), {});
  EXPECT_EQ(cut.status, 415) << "a broken JPEG";
  auto none = upload(item_page() + "/photo", item_page(), "photo", "", {});
  EXPECT_EQ(none.status, 400);
  EXPECT_NE(none.body.find("No photo was chosen"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM item_photos WHERE item_id = $1"), 0);
  auto other = upload("/staff/equipment/items/" + ids::new_uuid() + "/photo", item_page(), "photo", phone_jpeg("x"), {});
  EXPECT_EQ(other.status, 404) << "an item that does not exist";
}

TEST_F(ItemPhotos, OnlyStaffWhoManageEquipmentSeePhotos) {
  ASSERT_EQ(upload(item_page() + "/photo", item_page(), "photo", phone_jpeg("first"), {}).status, 303);
  const std::string url = photo_url(get(item_page()).body);
  jar_.clear();
  EXPECT_EQ(get(url).status, 303) << "signed out: to the login page";
  login("helsesykepleier");
  EXPECT_EQ(get(url).status, 403);
}

}  // namespace
}  // namespace kp::test
