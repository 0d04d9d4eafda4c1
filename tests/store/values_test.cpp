// Values go in and come out unchanged on both engines.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "store/test_db.hpp"

namespace kp::store {
namespace {

using test::StoreTest;

class ValuesTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    db_ = open();
    ASSERT_TRUE(db_);
    ASSERT_TRUE(db_->with_write([](Conn& c) {
      return c.exec_script(
          "CREATE TABLE vals (id BIGINT PRIMARY KEY, i BIGINT, r DOUBLE PRECISION, s TEXT)");
    }));
  }

  Status put(std::int64_t id, Value i, Value r, Value s) {
    return db_->with_write([&](Conn& c) -> Status {
      KP_TRY(c.exec("INSERT INTO vals(id, i, r, s) VALUES ($1, $2, $3, $4)", {id, i, r, s}));
      return {};
    });
  }
  Row get(std::int64_t id) {
    auto row = db_->read([&](Conn& c) {
      return c.query_one("SELECT i, r, s FROM vals WHERE id = $1", {id});
    });
    EXPECT_TRUE(row && *row);
    return row && *row ? **row : Row({nullptr, nullptr, nullptr});
  }

  std::unique_ptr<Database> db_;
};

TEST_F(ValuesTest, EveryTypeRoundTrips) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  ASSERT_TRUE(put(1, kMax, 0.1, std::string("tekst")));
  ASSERT_TRUE(put(2, kMin, -1.5e300, std::string("")));
  ASSERT_TRUE(put(3, std::int64_t{0}, 1.0 / 3.0, std::string("0")));

  Row a = get(1);
  EXPECT_EQ(a.integer(0), kMax);
  EXPECT_EQ(a.real(1), 0.1);
  EXPECT_EQ(a.text(2), "tekst");
  Row b = get(2);
  EXPECT_EQ(b.integer(0), kMin);
  EXPECT_EQ(b.real(1), -1.5e300);
  EXPECT_FALSE(b.is_null(2));
  EXPECT_EQ(b.text(2), "");
  Row c = get(3);
  EXPECT_EQ(c.integer(0), 0);
  EXPECT_EQ(c.real(1), 1.0 / 3.0);
  EXPECT_EQ(c.text(2), "0");  // text stays text, not a number
  EXPECT_EQ(c.integer(2), 0);
}

TEST_F(ValuesTest, NullRoundTripsInEveryColumn) {
  ASSERT_TRUE(put(1, nullptr, nullptr, nullable(std::optional<std::string>())));
  Row r = get(1);
  for (size_t i = 0; i < 3; ++i) EXPECT_TRUE(r.is_null(i)) << i;
  EXPECT_EQ(r.opt_text(2), std::nullopt);
  EXPECT_EQ(r.opt_integer(0), std::nullopt);
  EXPECT_EQ(r.integer(0), 0);
  EXPECT_EQ(r.text(2), "");

  ASSERT_TRUE(put(2, nullable(std::optional<std::int64_t>(7)), 2.0,
                  nullable(std::optional<std::string>("x"))));
  Row s = get(2);
  EXPECT_EQ(s.opt_integer(0), 7);
  EXPECT_EQ(s.opt_text(2), "x");
}

TEST_F(ValuesTest, ParametersWithoutTableKeepTheirType) {
  auto row = db_->read([](Conn& c) {
    return c.query_one("SELECT $1, $2, $3, $4", {std::int64_t{42}, 2.5, std::string("hei"), nullptr});
  });
  ASSERT_TRUE(row && *row) << row.error().detail;
  EXPECT_EQ((*row)->integer(0), 42);
  EXPECT_EQ((*row)->real(1), 2.5);
  EXPECT_EQ((*row)->text(2), "hei");
  EXPECT_TRUE((*row)->is_null(3));
}

TEST_F(ValuesTest, UnicodeRoundTripsAndMatches) {
  const std::string texts[] = {
      "Blåbærsyltetøy ÆØÅ æøå",
      "مرحبا بالعالم",            // Arabic
      "ሰላም ለዓለም",              // Ge'ez (Amharic)
      "Sámi: Ŋ ŧ đ, emoji 🧭👍",  // four-byte UTF-8
  };
  for (size_t i = 0; i < std::size(texts); ++i)
    ASSERT_TRUE(put(static_cast<std::int64_t>(i), nullptr, nullptr, texts[i]));
  for (size_t i = 0; i < std::size(texts); ++i) {
    EXPECT_EQ(get(static_cast<std::int64_t>(i)).text(2), texts[i]);
    auto id = db_->read([&](Conn& c) -> Result<std::int64_t> {
      auto r = c.query_one("SELECT id FROM vals WHERE s = $1", {texts[i]});
      if (!r) return pass(r);
      return *r ? (*r)->integer(0) : -1;
    });
    ASSERT_TRUE(id);
    EXPECT_EQ(*id, static_cast<std::int64_t>(i));
  }
}

TEST_F(ValuesTest, LargeTextRoundTrips) {
  std::string big;
  while (big.size() < 4 * 1024 * 1024) big += "Ærlig talt, ሰላም مرحبا 0123456789 ";
  ASSERT_TRUE(put(1, nullptr, nullptr, big));
  EXPECT_EQ(get(1).text(2), big);
}

TEST_F(ValuesTest, PlaceholdersMayComeInAnyOrderAndRepeat) {
  ASSERT_TRUE(db_->with_write([](Conn& c) -> Status {
    KP_TRY(c.exec("INSERT INTO vals(s, id, i) VALUES ($2, $1, $1)",
                  {std::int64_t{9}, std::string("andre")}));
    return {};
  }));
  Row r = get(9);
  EXPECT_EQ(r.integer(0), 9);
  EXPECT_EQ(r.text(2), "andre");
  auto swapped = db_->read([](Conn& c) {
    return c.query_one("SELECT $2, $1", {std::int64_t{1}, std::int64_t{2}});
  });
  ASSERT_TRUE(swapped && *swapped);
  EXPECT_EQ((*swapped)->integer(0), 2);
  EXPECT_EQ((*swapped)->integer(1), 1);
}

TEST_F(ValuesTest, ExecCountsChangedRows) {
  for (std::int64_t id = 1; id <= 3; ++id) ASSERT_TRUE(put(id, id, nullptr, nullptr));
  auto changed = db_->write([](Conn& c) {
    return c.exec("UPDATE vals SET s = $1 WHERE i >= $2", {std::string("x"), std::int64_t{2}});
  });
  ASSERT_TRUE(changed);
  EXPECT_EQ(*changed, 2);
  auto ddl = db_->write([](Conn& c) { return c.exec("CREATE INDEX vals_s ON vals(s)"); });
  ASSERT_TRUE(ddl) << ddl.error().detail;
  EXPECT_EQ(*ddl, 0);
  auto none = db_->read([](Conn& c) {
    return c.query_one("SELECT id FROM vals WHERE id = $1", {std::int64_t{99}});
  });
  ASSERT_TRUE(none);
  EXPECT_FALSE(*none);
}

TEST_F(ValuesTest, WrongParameterCountIsAnErrorNotAGuess) {
  auto r = db_->read([](Conn& c) {
    return c.query("SELECT id FROM vals WHERE id = $1 AND i = $2", {std::int64_t{1}});
  });
  ASSERT_FALSE(r);
  auto syntax = db_->read([](Conn& c) { return c.query("SELEKT 1"); });
  ASSERT_FALSE(syntax);
  EXPECT_EQ(syntax.error().kind, ErrorKind::internal);
  EXPECT_NE(syntax.error().detail.find("SELEKT 1"), std::string::npos) << syntax.error().detail;
}

}  // namespace
}  // namespace kp::store
