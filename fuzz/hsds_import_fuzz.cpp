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

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  kp::crypto::init();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<kp::catalog::hsds::ImportError> errors;
  auto parsed = kp::catalog::hsds::parse_and_validate(input, {}, &errors);
  if (!parsed) {
    if (parsed.error().message.empty() || errors.empty()) __builtin_trap();
    return 0;
  }
  if (!errors.empty()) __builtin_trap();
  for (const auto& s : parsed->services) {
    if (!kp::ids::is_uuid(s.offer.id) || !kp::ids::is_uuid(s.offer.organization_id)) __builtin_trap();
    if (s.offer.min_age && s.offer.max_age && *s.offer.min_age > *s.offer.max_age) __builtin_trap();
    for (const auto& sch : s.offer.schedules)
      if (!kp::ids::is_uuid(sch.id) || (sch.ends_on && *sch.ends_on < sch.starts_on)) __builtin_trap();
  }
  return 0;
}
