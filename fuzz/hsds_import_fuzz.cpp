// libFuzzer target for the HSDS import's parse-and-validate step (no database). Needs
// src/catalog/hsds_import.cpp, hsds_common.cpp, rrule.cpp, model.cpp and kp_core.
//
// Invariants checked beyond "does not crash": a rejected file always says why, and an accepted
// one only holds records the catalog can store.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "catalog/hsds.hpp"
#include "core/crypto.hpp"
#include "core/ids.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kp::crypto::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input = kp::fuzz::as_text(data, size);
  std::vector<kp::catalog::hsds::ImportError> errors;
  auto parsed = kp::catalog::hsds::parse_and_validate(input, {}, &errors);
  if (!parsed) {
    KP_FUZZ_CHECK(!parsed.error().message.empty() && !errors.empty(), "a rejection says why");
    return 0;
  }
  KP_FUZZ_CHECK(errors.empty(), "an accepted file has no errors");
  KP_FUZZ_CHECK(parsed->source_digest.size() == 64, "the digest is SHA-256 in hex");
  for (const auto& s : parsed->services) {
    KP_FUZZ_CHECK(kp::ids::is_uuid(s.offer.id) && kp::ids::is_uuid(s.offer.organization_id),
                  "service and organisation ids are UUIDs");
    KP_FUZZ_CHECK(!(s.offer.min_age && s.offer.max_age && *s.offer.min_age > *s.offer.max_age),
                  "minimum age is not above maximum age");
    for (const auto& sch : s.offer.schedules)
      KP_FUZZ_CHECK(kp::ids::is_uuid(sch.id) && !(sch.ends_on && *sch.ends_on < sch.starts_on),
                    "schedules have UUIDs and do not end before they start");
  }
  return 0;
}
