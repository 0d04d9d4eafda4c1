#include "auth/sha1.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace kp::auth {

namespace {

std::uint32_t load_be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         std::uint32_t{p[3]};
}

void store_be32(std::uint32_t v, unsigned char* p) {
  p[0] = static_cast<unsigned char>(v >> 24);
  p[1] = static_cast<unsigned char>(v >> 16);
  p[2] = static_cast<unsigned char>(v >> 8);
  p[3] = static_cast<unsigned char>(v);
}

}  // namespace

Sha1::Sha1() : h_{0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u} {}

void Sha1::compress(const unsigned char* block) {
  std::uint32_t w[80];
  for (int t = 0; t < 16; ++t) w[t] = load_be32(block + 4 * t);
  for (int t = 16; t < 80; ++t) w[t] = std::rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

  std::uint32_t a = h_[0], b = h_[1], c = h_[2], d = h_[3], e = h_[4];
  for (int t = 0; t < 80; ++t) {
    std::uint32_t f, k;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5A827999u;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ED9EBA1u;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8F1BBCDCu;
    } else {
      f = b ^ c ^ d;
      k = 0xCA62C1D6u;
    }
    const std::uint32_t temp = std::rotl(a, 5) + f + e + k + w[t];
    e = d;
    d = c;
    c = std::rotl(b, 30);
    b = a;
    a = temp;
  }
  h_[0] += a;
  h_[1] += b;
  h_[2] += c;
  h_[3] += d;
  h_[4] += e;
}

void Sha1::update(std::string_view data) {
  auto p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  total_bytes_ += n;
  if (buffered_ > 0) {
    const size_t take = std::min(n, kBlockSize - buffered_);
    std::memcpy(buffer_.data() + buffered_, p, take);
    buffered_ += take;
    p += take;
    n -= take;
    if (buffered_ < kBlockSize) return;
    compress(buffer_.data());
    buffered_ = 0;
  }
  for (; n >= kBlockSize; p += kBlockSize, n -= kBlockSize) compress(p);
  std::memcpy(buffer_.data(), p, n);
  buffered_ = n;
}

std::string Sha1::finish() {
  const std::uint64_t bit_length = total_bytes_ * 8;
  // 0x80, zeros up to 56 mod 64, then the 64-bit big-endian message length in bits.
  unsigned char pad[kBlockSize + 8] = {0x80};
  const size_t pad_len = (buffered_ < 56 ? 56 : 120) - buffered_;
  update(std::string_view(reinterpret_cast<const char*>(pad), pad_len));
  unsigned char len[8];
  store_be32(static_cast<std::uint32_t>(bit_length >> 32), len);
  store_be32(static_cast<std::uint32_t>(bit_length), len + 4);
  update(std::string_view(reinterpret_cast<const char*>(len), 8));

  std::string out(kDigestSize, '\0');
  for (int i = 0; i < 5; ++i)
    store_be32(h_[i], reinterpret_cast<unsigned char*>(out.data()) + 4 * i);
  return out;
}

std::string sha1(std::string_view data) {
  Sha1 s;
  s.update(data);
  return s.finish();
}

std::string hmac_sha1(std::string_view key, std::string_view msg) {
  std::string k = key.size() > Sha1::kBlockSize ? sha1(key) : std::string(key);
  k.resize(Sha1::kBlockSize, '\0');
  std::string ipad(k), opad(k);
  for (size_t i = 0; i < Sha1::kBlockSize; ++i) {
    ipad[i] = static_cast<char>(ipad[i] ^ 0x36);
    opad[i] = static_cast<char>(opad[i] ^ 0x5c);
  }
  Sha1 inner;
  inner.update(ipad);
  inner.update(msg);
  Sha1 outer;
  outer.update(opad);
  outer.update(inner.finish());
  return outer.finish();
}

}  // namespace kp::auth
