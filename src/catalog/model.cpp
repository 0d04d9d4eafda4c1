#include "catalog/model.hpp"

#include "core/crypto.hpp"

namespace kp::catalog {

const char* to_string(OfferState s) {
  switch (s) {
    case OfferState::draft: return "draft";
    case OfferState::published: return "published";
    case OfferState::unpublished: return "unpublished";
    case OfferState::archived: return "archived";
  }
  return "draft";
}

std::optional<OfferState> offer_state_from_string(std::string_view s) {
  for (auto st : {OfferState::draft, OfferState::published, OfferState::unpublished, OfferState::archived})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

const char* to_string(OrgType t) {
  switch (t) {
    case OrgType::municipal: return "municipal";
    case OrgType::nav: return "nav";
    case OrgType::voluntary: return "voluntary";
    case OrgType::business: return "business";
    case OrgType::other: return "other";
  }
  return "other";
}

std::optional<OrgType> org_type_from_string(std::string_view s) {
  for (auto t : {OrgType::municipal, OrgType::nav, OrgType::voluntary, OrgType::business, OrgType::other})
    if (s == to_string(t)) return t;
  return std::nullopt;
}

const std::string& text_in(const Texts& texts, const std::string& field, const std::string& lang,
                           std::string& used_lang) {
  static const std::string empty;
  used_lang = lang;
  auto f = texts.find(field);
  if (f == texts.end()) return empty;
  for (const std::string& l : {lang, std::string(kSourceLanguage), std::string("en")}) {
    auto it = f->second.find(l);
    if (it != f->second.end() && !it->second.value.empty()) {
      used_lang = l;
      return it->second.value;
    }
  }
  for (const auto& [l, t] : f->second)
    if (!t.value.empty()) {
      used_lang = l;
      return t.value;
    }
  return empty;
}

const std::string& text_in(const Texts& texts, const std::string& field, const std::string& lang) {
  std::string ignored;
  return text_in(texts, field, lang, ignored);
}

bool is_outdated(const Texts& texts, const std::string& field, const std::string& lang) {
  if (lang == kSourceLanguage) return false;
  auto f = texts.find(field);
  if (f == texts.end()) return false;
  auto tr = f->second.find(lang);
  auto src = f->second.find(kSourceLanguage);
  if (tr == f->second.end() || src == f->second.end()) return false;
  return tr->second.source_hash != source_hash_of(src->second.value);
}

std::string source_hash_of(const std::string& nb_value) {
  return crypto::sha256_hex(nb_value).substr(0, 16);
}

}  // namespace kp::catalog
