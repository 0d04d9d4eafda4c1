// Identifiers. UUIDs (version 4, random) for everything the outside world sees, because
// HSDS requires them and because sequential ids leak counts.
#pragma once
#include <string>
#include <string_view>

namespace kp::ids {

// A new random UUID in canonical lower-case form. Thread-safe (libsodium's CSPRNG).
std::string new_uuid();
// True for the canonical 8-4-4-4-12 hex form (any case).
bool is_uuid(std::string_view s);
// A deterministic UUID (version 5 style, SHA-256 based) from a namespace string and a name;
// used so demo data and imports get stable ids.
std::string uuid_from_name(std::string_view ns, std::string_view name);

}  // namespace kp::ids
