// MemoryRecordWriter: a sys::RecordWriter that keeps the record file in
// memory, so recording decorators are tested without files.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "sys/record_file.h"

namespace sockscope::testing {

class MemoryRecordWriter final : public sys::RecordWriter {
 public:
  void Append(const std::vector<std::string>& fields, std::string_view payload) override {
    std::lock_guard lock(mu_);
    file_ += sys::EncodeRecord(fields, payload);
  }
  base::Result<void> Status() const override { return {}; }
  // The whole file, magic line included.
  std::string file() const {
    std::lock_guard lock(mu_);
    std::string file(sys::kRecordFileMagic);
    file += '\n';
    file += file_;
    return file;
  }

 private:
  mutable std::mutex mu_;
  std::string file_;
};

}  // namespace sockscope::testing
