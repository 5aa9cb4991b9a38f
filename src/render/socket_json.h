// Sockets as JSON: the object per socket is the contract of docs/cli.md.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/snapshot.h"
#include "render/json_writer.h"
#include "render/socket_view.h"

namespace sockscope::render {

// Appends one socket object. `owners`: who holds it (empty: nobody seen,
// or not collected).
void WriteSocketJson(JsonWriter& w, const model::Socket& s, std::span<const model::Owner> owners,
                     const SocketView& view);

// One process object {"pid":..,"comm":..,"fd":..}; shared with listeners and findings.
void WriteOwnerJson(JsonWriter& w, const model::Owner& owner);
// {"addr":"::1","port":80}
void WriteEndpointJson(JsonWriter& w, const model::Endpoint& e);
// The notes array: ["...", ...] (level and source folded into the text).
void WriteNotesJson(JsonWriter& w, const std::vector<model::Note>& notes);
// The keys every JSON document ends with: "complete" (false when a source
// asked for is missing), "sources" (each source's status) and "notes".
void WriteRunStatusJson(JsonWriter& w, const model::Snapshot& snapshot);
// "complete" and "sources" alone (the last line of NDJSON).
void WriteCompletenessJson(JsonWriter& w, const model::Snapshot& snapshot);
// "level: source: message", untrusted bytes escaped (base::EscapeForMessage):
// safe to print on a terminal as is, one line.
std::string NoteText(const model::Note& note);

}  // namespace sockscope::render
