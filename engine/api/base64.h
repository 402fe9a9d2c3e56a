#pragma once
// Standard base64 (RFC 4648), for continue tokens and Secret data.
#include <optional>
#include <string>

namespace kubelab::api {

std::string base64Encode(const std::string& data);
// nullopt when the text is not valid base64.
std::optional<std::string> base64Decode(const std::string& text);

} // namespace kubelab::api
