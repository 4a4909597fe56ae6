#include "patchflow/check/spelling.hpp"

#include <array>
#include <utility>

namespace patchflow::check {
namespace {

// Written for patchflow: frequent slips in kernel commit logs and comments.
constexpr std::array<std::pair<std::string_view, std::string_view>, 40> k_misspellings = {{
    {"accesible", "accessible"},   {"acknowledgement", "acknowledgment"},
    {"adress", "address"},         {"alignement", "alignment"},
    {"allign", "align"},           {"availible", "available"},
    {"begining", "beginning"},     {"calender", "calendar"},
    {"comming", "coming"},         {"commited", "committed"},
    {"compatability", "compatibility"}, {"definately", "definitely"},
    {"dependancy", "dependency"},  {"existant", "existent"},
    {"explicitely", "explicitly"}, {"funtion", "function"},
    {"guarentee", "guarantee"},    {"independant", "independent"},
    {"initalize", "initialize"},   {"intialize", "initialize"},
    {"lenght", "length"},          {"neccessary", "necessary"},
    {"occured", "occurred"},       {"occurence", "occurrence"},
    {"paramter", "parameter"},     {"prefered", "preferred"},
    {"recieve", "receive"},        {"recieved", "received"},
    {"reponse", "response"},       {"seperate", "separate"},
    {"seperately", "separately"},  {"succesful", "successful"},
    {"successfull", "successful"}, {"suport", "support"},
    {"supress", "suppress"},       {"teh", "the"},
    {"threshhold", "threshold"},   {"transfered", "transferred"},
    {"untill", "until"},           {"wich", "which"},
}};

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '\'' || c == '`' || static_cast<unsigned char>(c) >= 0x80;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::vector<Misspelling> find_misspellings(std::string_view text) {
  std::vector<Misspelling> hits;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_word_char(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word_char(text[end])) {
      ++end;
    }
    const std::string_view word = text.substr(i, end - i);
    for (const auto& [typo, fix] : k_misspellings) {
      if (typo.size() != word.size()) {
        continue;
      }
      bool same = true;
      for (std::size_t k = 0; k < word.size() && same; ++k) {
        same = lower(word[k]) == typo[k];
      }
      if (same) {
        std::string suggestion(fix);
        const bool upper_first = word[0] >= 'A' && word[0] <= 'Z';
        bool all_upper = true;
        for (const char c : word) {
          all_upper = all_upper && !(c >= 'a' && c <= 'z');
        }
        for (std::size_t k = 0; k < suggestion.size(); ++k) {
          if (all_upper || (k == 0 && upper_first)) {
            suggestion[k] = static_cast<char>(suggestion[k] - 'a' + 'A');
          }
        }
        hits.push_back({std::string(word), suggestion});
      }
    }
    i = end;
  }
  return hits;
}

}  // namespace patchflow::check
