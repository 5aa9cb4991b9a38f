#include "tui/top_state.h"

#include "render/socket_json.h"
#include "tui/snapshot_digest.h"
#include "tui/sort_rows.h"

namespace sockscope::tui {
namespace {

// The filter grammar speaks of sockets; a listener is its LISTEN socket.
model::Socket AsSocket(const model::Listener& l) {
  model::Socket s;
  s.netns = l.netns;
  s.proto = model::Proto::kTcp;
  s.family = l.family;
  s.state = model::State::kListen;
  s.local = l.local;
  s.peer.addr.family = l.local.addr.family;
  s.inode = l.inode;
  s.cookie = l.cookie;
  return s;
}

constexpr size_t kMaxFilterLength = 512;  // a line editor, not a file

std::string NetnsLabel(const model::Snapshot& snap, uint64_t inode) {
  const model::NetnsData* ns = snap.FindNetns(inode);
  if (ns && !ns->container.empty()) return ns->container.substr(0, 12);
  if (ns && !ns->name.empty()) return ns->name;
  return std::to_string(inode);
}

}  // namespace

void TopState::Ingest(Sample sample) {
  if (paused_ || !sample.current) return;
  history_.Record(sample.current->listeners);
  drops_deltas_ = DropsDeltas(sample.previous.get(), *sample.current);
  sample_ = std::move(sample);
}

KeyResult TopState::HandleKey(int key) {
  if (key == kKeyResize) return KeyResult::kRedraw;
  if (editing_) return HandleEditKey(key);
  switch (key) {
    case 'q':
    case 'Q':
      return KeyResult::kQuit;
    case 's':
      sort_ = NextSortMode(sort_);
      return KeyResult::kRedraw;
    case '/':
      editing_ = true;
      help_ = false;
      edit_text_ = filter_text_;
      filter_error_.clear();
      return KeyResult::kRedraw;
    case 'p':
      paused_ = !paused_;
      return KeyResult::kRedraw;
    case '?':
      help_ = !help_;
      return KeyResult::kRedraw;
    case kKeyEscape:
      if (!help_) return KeyResult::kNone;
      help_ = false;
      return KeyResult::kRedraw;
    default:
      return KeyResult::kNone;
  }
}

KeyResult TopState::HandleEditKey(int key) {
  switch (key) {
    case kKeyEnter:
    case '\r':
      ApplyEdit();
      return KeyResult::kRedraw;
    case kKeyEscape:
      editing_ = false;
      filter_error_.clear();
      return KeyResult::kRedraw;
    case kKeyBackspace:
    case '\b':
      // Whole UTF-8 sequences, so no half character is left behind.
      while (!edit_text_.empty() && (static_cast<unsigned char>(edit_text_.back()) & 0xc0) == 0x80)
        edit_text_.pop_back();
      if (!edit_text_.empty()) edit_text_.pop_back();
      return KeyResult::kRedraw;
    case kKeyClearLine:
      edit_text_.clear();
      return KeyResult::kRedraw;
    default:
      if (key >= 0x20 && key < 0x7f && edit_text_.size() < kMaxFilterLength) {
        edit_text_ += static_cast<char>(key);
        return KeyResult::kRedraw;
      }
      return KeyResult::kNone;
  }
}

void TopState::ApplyEdit() {
  auto parsed = filter::ParseFilter({edit_text_});
  if (!parsed) {
    filter_error_ = parsed.error().message;  // stay in the editor: fix and retry
    return;
  }
  bool empty = edit_text_.find_first_not_of(' ') == std::string::npos;
  filter_ = empty ? std::nullopt : std::optional<filter::Filter>(std::move(*parsed));
  filter_text_ = empty ? "" : edit_text_;
  filter_error_.clear();
  editing_ = false;
}

TopModel TopState::BuildModel(std::chrono::steady_clock::time_point now,
                              bool collection_late) const {
  TopModel m;
  m.interval = settings_.interval;
  m.show_netns = settings_.show_netns;
  m.unicode = settings_.unicode;
  m.sort = sort_;
  m.filter_text = filter_text_;
  m.editing_filter = editing_;
  m.edit_text = edit_text_;
  m.filter_error = filter_error_;
  m.paused = paused_;
  m.show_help = help_;
  m.collection_late = collection_late;
  if (!sample_) return m;

  const model::Snapshot& cur = *sample_->current;
  m.has_data = true;
  m.data_age = now > cur.monotonic_at ? now - cur.monotonic_at : std::chrono::nanoseconds(0);
  m.states = CountStates(cur);
  m.rates = RatesBetween(sample_->previous.get(), cur);
  m.findings = sample_->findings;
  for (const auto& n : cur.notes)
    if (n.level != model::NoteLevel::kInfo) m.notes.push_back(render::NoteText(n));
  m.listeners_total = cur.listeners.size();
  for (size_t i = 0; i < cur.listeners.size(); ++i) {
    const auto& l = cur.listeners[i];
    if (filter_ && !filter::Matches(*filter_, AsSocket(l))) continue;
    m.listeners.push_back(ListenerRow{l, history_.Values(KeyOf(l)),
                                      i < drops_deltas_.size() ? drops_deltas_[i] : std::nullopt,
                                      m.show_netns ? NetnsLabel(cur, l.netns) : std::string()});
  }
  return m;
}

}  // namespace sockscope::tui
