//===- Safetensors.cpp - Minimal safetensors reader -----------------------===//

#include "runtime/safetensors/Safetensors.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fcntl.h>
#include <set>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace moe {
namespace safetensors {

const char *dtypeName(DType dtype) {
  switch (dtype) {
  case DType::F32:
    return "F32";
  case DType::BF16:
    return "BF16";
  case DType::F16:
    return "F16";
  case DType::F64:
    return "F64";
  case DType::I64:
    return "I64";
  case DType::I32:
    return "I32";
  }
  return "?";
}

size_t dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::F32:
  case DType::I32:
    return 4;
  case DType::BF16:
  case DType::F16:
    return 2;
  case DType::F64:
  case DType::I64:
    return 8;
  }
  return 0;
}

std::string printable(const std::string &s, size_t max) {
  static const char hex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == max)
      return out + "...";
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

int64_t TensorView::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

static double halfToDouble(uint16_t h) {
  int sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, mant = h & 0x3ff;
  double v;
  if (exp == 0)
    v = std::ldexp(static_cast<double>(mant), -24);
  else if (exp == 31)
    v = mant ? NAN : INFINITY;
  else
    v = std::ldexp(static_cast<double>(mant | 0x400), exp - 25);
  return sign ? -v : v;
}

std::vector<double> TensorView::toDoubles() const {
  size_t n = static_cast<size_t>(numElements());
  std::vector<double> out(n);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t *p = data + i * dtypeSize(dtype);
    switch (dtype) {
    case DType::F32: {
      float f;
      std::memcpy(&f, p, 4);
      out[i] = f;
      break;
    }
    case DType::F64: {
      double d;
      std::memcpy(&d, p, 8);
      out[i] = d;
      break;
    }
    case DType::BF16: {
      uint16_t b;
      std::memcpy(&b, p, 2);
      uint32_t u = static_cast<uint32_t>(b) << 16;
      float f;
      std::memcpy(&f, &u, 4);
      out[i] = f;
      break;
    }
    case DType::F16: {
      uint16_t h;
      std::memcpy(&h, p, 2);
      out[i] = halfToDouble(h);
      break;
    }
    case DType::I64: {
      int64_t v;
      std::memcpy(&v, p, 8);
      out[i] = static_cast<double>(v);
      break;
    }
    case DType::I32: {
      int32_t v;
      std::memcpy(&v, p, 4);
      out[i] = v;
      break;
    }
    }
  }
  return out;
}

//===----------------------------------------------------------------------===//
// A tiny bounded JSON parser (objects keep key order).
//===----------------------------------------------------------------------===//

namespace {
struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool boolean = false;
  double number = 0;
  bool isInteger = false;
  int64_t integer = 0;
  std::string str;
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;
};

class JsonParser {
public:
  JsonParser(const char *b, size_t n) : p(b), begin(b), end(b + n) {}
  bool parse(Json &out, std::string &err) {
    if (!value(out, 0, err))
      return false;
    ws();
    if (p != end)
      return fail("trailing characters", err);
    return true;
  }

private:
  const char *p, *begin, *end;
  bool fail(const std::string &what, std::string &err) {
    err = what + " at byte " + std::to_string(p - begin);
    return false;
  }
  void ws() {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
      ++p;
  }
  bool lit(const char *s) {
    size_t n = std::strlen(s);
    if (static_cast<size_t>(end - p) < n || std::memcmp(p, s, n) != 0)
      return false;
    p += n;
    return true;
  }
  bool string(std::string &s, std::string &err) {
    if (p >= end || *p != '"')
      return fail("expected '\"'", err);
    ++p;
    while (true) {
      if (p >= end)
        return fail("unterminated string", err);
      char c = *p++;
      if (c == '"')
        return true;
      if (static_cast<unsigned char>(c) < 0x20)
        return fail("control character in string", err);
      if (c != '\\') {
        s.push_back(c);
        continue;
      }
      if (p >= end)
        return fail("unterminated escape", err);
      char e = *p++;
      switch (e) {
      case '"':
        s.push_back('"');
        break;
      case '\\':
        s.push_back('\\');
        break;
      case '/':
        s.push_back('/');
        break;
      case 'b':
        s.push_back('\b');
        break;
      case 'f':
        s.push_back('\f');
        break;
      case 'n':
        s.push_back('\n');
        break;
      case 'r':
        s.push_back('\r');
        break;
      case 't':
        s.push_back('\t');
        break;
      case 'u': {
        if (end - p < 4)
          return fail("bad \\u escape", err);
        unsigned cp = 0;
        for (int i = 0; i < 4; ++i) {
          char h = *p++;
          cp <<= 4;
          if (h >= '0' && h <= '9')
            cp |= h - '0';
          else if (h >= 'a' && h <= 'f')
            cp |= h - 'a' + 10;
          else if (h >= 'A' && h <= 'F')
            cp |= h - 'A' + 10;
          else
            return fail("bad \\u escape", err);
        }
        // Encode as UTF-8 (surrogates kept as-is; names are ASCII in practice).
        if (cp < 0x80)
          s.push_back(static_cast<char>(cp));
        else if (cp < 0x800) {
          s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
          s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        } else {
          s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
          s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
          s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
        }
        break;
      }
      default:
        return fail("bad escape", err);
      }
    }
  }
  bool value(Json &v, int depth, std::string &err) {
    if (depth > 64)
      return fail("nesting too deep", err);
    ws();
    if (p >= end)
      return fail("unexpected end", err);
    char c = *p;
    if (c == '{') {
      ++p;
      v.kind = Json::Object;
      ws();
      if (p < end && *p == '}') {
        ++p;
        return true;
      }
      while (true) {
        ws();
        std::string key;
        if (!string(key, err))
          return false;
        ws();
        if (p >= end || *p != ':')
          return fail("expected ':'", err);
        ++p;
        Json member;
        if (!value(member, depth + 1, err))
          return false;
        v.members.emplace_back(std::move(key), std::move(member));
        ws();
        if (p < end && *p == ',') {
          ++p;
          continue;
        }
        if (p < end && *p == '}') {
          ++p;
          return true;
        }
        return fail("expected ',' or '}'", err);
      }
    }
    if (c == '[') {
      ++p;
      v.kind = Json::Array;
      ws();
      if (p < end && *p == ']') {
        ++p;
        return true;
      }
      while (true) {
        Json item;
        if (!value(item, depth + 1, err))
          return false;
        v.items.push_back(std::move(item));
        ws();
        if (p < end && *p == ',') {
          ++p;
          continue;
        }
        if (p < end && *p == ']') {
          ++p;
          return true;
        }
        return fail("expected ',' or ']'", err);
      }
    }
    if (c == '"') {
      v.kind = Json::String;
      return string(v.str, err);
    }
    if (lit("true")) {
      v.kind = Json::Bool;
      v.boolean = true;
      return true;
    }
    if (lit("false")) {
      v.kind = Json::Bool;
      return true;
    }
    if (lit("null")) {
      v.kind = Json::Null;
      return true;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      const char *start = p;
      if (*p == '-')
        ++p;
      bool digits = false, integral = true;
      while (p < end && *p >= '0' && *p <= '9') {
        ++p;
        digits = true;
      }
      if (p < end && *p == '.') {
        integral = false;
        ++p;
        while (p < end && *p >= '0' && *p <= '9')
          ++p;
      }
      if (p < end && (*p == 'e' || *p == 'E')) {
        integral = false;
        ++p;
        if (p < end && (*p == '+' || *p == '-'))
          ++p;
        while (p < end && *p >= '0' && *p <= '9')
          ++p;
      }
      if (!digits)
        return fail("bad number", err);
      std::string text(start, p);
      v.kind = Json::Number;
      v.number = std::strtod(text.c_str(), nullptr);
      if (integral && text.size() <= 18) {
        v.isInteger = true;
        v.integer = std::strtoll(text.c_str(), nullptr, 10);
      }
      return true;
    }
    return fail("unexpected character '" + printable(std::string(1, c)) + "'",
                err);
  }
};

bool parseDType(const std::string &s, DType &d) {
  static const std::pair<const char *, DType> table[] = {
      {"F32", DType::F32}, {"BF16", DType::BF16}, {"F16", DType::F16},
      {"F64", DType::F64}, {"I64", DType::I64},   {"I32", DType::I32}};
  for (auto &e : table)
    if (s == e.first) {
      d = e.second;
      return true;
    }
  return false;
}
} // namespace

//===----------------------------------------------------------------------===//
// Sharded index
//===----------------------------------------------------------------------===//

Expected<std::vector<std::pair<std::string, std::string>>>
parseIndex(const std::string &path, const char *text, size_t size) {
  using R = Expected<std::vector<std::pair<std::string, std::string>>>;
  Json root;
  std::string jerr;
  JsonParser parser(text, size);
  if (!parser.parse(root, jerr))
    return R::error(path + ": not valid JSON: " + jerr);
  const Json *map = nullptr;
  if (root.kind == Json::Object)
    for (auto &m : root.members)
      if (m.first == "weight_map")
        map = &m.second;
  if (!map || map->kind != Json::Object)
    return R::error(path +
                    ": weight_map: expected an object {tensor name: file}");
  std::vector<std::pair<std::string, std::string>> out;
  std::set<std::string> names;
  for (auto &entry : map->members) {
    std::string where =
        path + ": weight_map['" + printable(entry.first) + "']: ";
    if (entry.second.kind != Json::String)
      return R::error(where + "expected a file name string");
    const std::string &shard = entry.second.str;
    if (shard.empty() || shard == "." || shard == ".." ||
        shard.find('/') != std::string::npos ||
        shard.find('\0') != std::string::npos)
      return R::error(where + "'" + printable(shard) +
                      "', expected a file name in the same directory");
    if (!names.insert(entry.first).second)
      return R::error(where + "duplicate entry");
    out.emplace_back(entry.first, shard);
  }
  return R(std::move(out));
}

//===----------------------------------------------------------------------===//
// File
//===----------------------------------------------------------------------===//

File::File(File &&o) noexcept { *this = std::move(o); }
File &File::operator=(File &&o) noexcept {
  if (this != &o) {
    release();
    path_ = std::move(o.path_);
    mapping_ = o.mapping_;
    size_ = o.size_;
    owned_ = std::move(o.owned_);
    o.mapping_ = nullptr;
    o.size_ = 0;
    names_ = std::move(o.names_);
    tensors_ = std::move(o.tensors_);
    metadata_ = std::move(o.metadata_);
  }
  return *this;
}
File::~File() { release(); }
void File::release() {
  if (mapping_ && size_)
    munmap(mapping_, size_);
  mapping_ = nullptr;
  size_ = 0;
}

const TensorView *File::find(const std::string &name) const {
  auto it = tensors_.find(name);
  return it == tensors_.end() ? nullptr : &it->second;
}

Expected<const TensorView *> File::get(const std::string &name) const {
  if (const TensorView *t = find(name))
    return t;
  return Expected<const TensorView *>::error(
      path_ + ": tensor '" + printable(name) + "': not found in the file");
}

Expected<std::unique_ptr<File>> File::open(const std::string &path) {
  using R = Expected<std::unique_ptr<File>>;
  auto err = [&](const std::string &msg) {
    return R::error(path + ": " + msg);
  };
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0)
    return err(std::string("cannot open: ") + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    ::close(fd);
    return err(std::string("cannot stat: ") + std::strerror(errno));
  }
  auto file = std::make_unique<File>();
  file->path_ = path;
  size_t size = static_cast<size_t>(st.st_size);
  if (size > 0) {
    void *m = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      ::close(fd);
      return err(std::string("cannot mmap: ") + std::strerror(errno));
    }
    file->mapping_ = m;
    file->size_ = size;
  }
  ::close(fd);
  Status s = file->parse(static_cast<const uint8_t *>(file->mapping_), size);
  if (!s.ok)
    return R::error(s.message);
  return R(std::move(file));
}

Expected<std::unique_ptr<File>> File::fromBytes(const std::string &path,
                                                std::vector<uint8_t> bytes) {
  using R = Expected<std::unique_ptr<File>>;
  auto file = std::make_unique<File>();
  file->path_ = path;
  file->owned_ = std::move(bytes);
  Status s = file->parse(file->owned_.data(), file->owned_.size());
  if (!s.ok)
    return R::error(s.message);
  return R(std::move(file));
}

File::Status File::parse(const uint8_t *bytes, size_t size) {
  auto err = [&](const std::string &msg) {
    return Status{false, path_ + ": " + msg};
  };
  File *file = this;

  if (size < 8)
    return err("file is " + std::to_string(size) +
               " bytes, expected at least 8 (the header length)");
  uint64_t headerLen = 0;
  for (int i = 7; i >= 0; --i)
    headerLen = (headerLen << 8) | bytes[i];
  if (headerLen > size - 8)
    return err("header length " + std::to_string(headerLen) + " exceeds the " +
               std::to_string(size - 8) +
               " bytes after the 8-byte length prefix");
  if (headerLen > (100u << 20))
    return err("header length " + std::to_string(headerLen) +
               " exceeds the 100 MiB limit");
  Json root;
  std::string jerr;
  JsonParser parser(reinterpret_cast<const char *>(bytes + 8),
                    static_cast<size_t>(headerLen));
  if (!parser.parse(root, jerr))
    return err("header is not valid JSON: " + jerr);
  if (root.kind != Json::Object)
    return err("header is not a JSON object");

  const uint8_t *dataBase = bytes + 8 + headerLen;
  uint64_t dataSize = size - 8 - headerLen;
  std::vector<std::pair<uint64_t, std::pair<uint64_t, std::string>>> ranges;
  for (auto &member : root.members) {
    const std::string &name = member.first;
    const Json &v = member.second;
    if (name == "__metadata__") {
      if (v.kind != Json::Object)
        return err("'__metadata__' is not an object");
      for (auto &m : v.members) {
        if (m.second.kind != Json::String)
          return err("'__metadata__' entry '" + printable(m.first) +
                     "' is not a string");
        file->metadata_[m.first] = m.second.str;
      }
      continue;
    }
    std::string where = "tensor '" + printable(name) + "': ";
    if (file->tensors_.count(name))
      return err(where + "duplicate entry");
    if (v.kind != Json::Object)
      return err(where + "expected an object {dtype, shape, data_offsets}");
    const Json *dt = nullptr, *shape = nullptr, *offs = nullptr;
    for (auto &m : v.members) {
      if (m.first == "dtype")
        dt = &m.second;
      else if (m.first == "shape")
        shape = &m.second;
      else if (m.first == "data_offsets")
        offs = &m.second;
    }
    if (!dt || dt->kind != Json::String)
      return err(where + "missing or non-string 'dtype'");
    TensorView t;
    t.name = name;
    if (!parseDType(dt->str, t.dtype))
      return err(where + "unknown dtype '" + printable(dt->str) +
                 "', expected one of F32, BF16, F16, F64, I64, I32");
    if (!shape || shape->kind != Json::Array)
      return err(where + "missing or non-array 'shape'");
    uint64_t elems = 1;
    bool overflow = false;
    for (auto &d : shape->items) {
      if (d.kind != Json::Number || !d.isInteger || d.integer < 0)
        return err(where + "shape entries must be non-negative integers");
      t.shape.push_back(d.integer);
      if (d.integer != 0 &&
          elems > (UINT64_MAX / 16) / static_cast<uint64_t>(d.integer))
        overflow = true;
      elems *= static_cast<uint64_t>(d.integer);
    }
    if (overflow)
      return err(where + "shape is too large");
    if (!offs || offs->kind != Json::Array || offs->items.size() != 2)
      return err(where + "missing 'data_offsets', expected [begin, end]");
    for (auto &o : offs->items)
      if (o.kind != Json::Number || !o.isInteger || o.integer < 0)
        return err(where + "data_offsets must be non-negative integers");
    uint64_t b = static_cast<uint64_t>(offs->items[0].integer);
    uint64_t e = static_cast<uint64_t>(offs->items[1].integer);
    if (b > e)
      return err(where + "data_offsets [" + std::to_string(b) + ", " +
                 std::to_string(e) + "] has begin > end");
    if (e > dataSize)
      return err(where + "data_offsets [" + std::to_string(b) + ", " +
                 std::to_string(e) + "] out of range, the data section is " +
                 std::to_string(dataSize) + " bytes");
    uint64_t expectBytes = elems * dtypeSize(t.dtype);
    if (e - b != expectBytes)
      return err(where + "data_offsets span " + std::to_string(e - b) +
                 " bytes, expected " + std::to_string(expectBytes) +
                 " for shape " +
                 [&] {
                   std::string s = "[";
                   for (size_t i = 0; i < t.shape.size(); ++i)
                     s += (i ? ", " : "") + std::to_string(t.shape[i]);
                   return s + "]";
                 }() +
                 " of " + dtypeName(t.dtype));
    t.data = dataBase + b;
    t.numBytes = static_cast<size_t>(e - b);
    ranges.push_back({b, {e, name}});
    file->names_.push_back(name);
    file->tensors_.emplace(name, std::move(t));
  }
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) {
    if (ranges[i].first < ranges[i - 1].second.first)
      return err("tensor '" + printable(ranges[i].second.second) +
                 "': data_offsets [" + std::to_string(ranges[i].first) + ", " +
                 std::to_string(ranges[i].second.first) +
                 "] overlap those of tensor '" +
                 printable(ranges[i - 1].second.second) +
                 "', expected disjoint ranges");
  }
  return Status{true, {}};
}

} // namespace safetensors
} // namespace moe
