#include "patchflow/check/spelling.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "patchflow/core/text.hpp"

namespace patchflow::check {
namespace {

// Written for patchflow from slips seen in kernel and U-Boot commit logs, comments and messages:
// transposed, doubled or dropped letters in words that code talks about. Sorted, so a word is
// found by binary search.
constexpr std::array<std::pair<std::string_view, std::string_view>, 235> k_misspellings = {{
    {"accesible", "accessible"},
    {"accomodate", "accommodate"},
    {"accross", "across"},
    {"acess", "access"},
    {"acheive", "achieve"},
    {"acknowledgement", "acknowledgment"},
    {"acknowlege", "acknowledge"},
    {"addional", "additional"},
    {"additonal", "additional"},
    {"adress", "address"},
    {"agains", "against"},
    {"algorith", "algorithm"},
    {"algorythm", "algorithm"},
    {"alignement", "alignment"},
    {"allign", "align"},
    {"allready", "already"},
    {"alredy", "already"},
    {"alwasy", "always"},
    {"ammount", "amount"},
    {"aplication", "application"},
    {"appropiate", "appropriate"},
    {"approriate", "appropriate"},
    {"arbitary", "arbitrary"},
    {"arguement", "argument"},
    {"assosiated", "associated"},
    {"asynchonous", "asynchronous"},
    {"attemp", "attempt"},
    {"availabe", "available"},
    {"availible", "available"},
    {"avaliable", "available"},
    {"basicly", "basically"},
    {"becase", "because"},
    {"beeing", "being"},
    {"beggining", "beginning"},
    {"begining", "beginning"},
    {"boundry", "boundary"},
    {"calcualte", "calculate"},
    {"calender", "calendar"},
    {"caluclate", "calculate"},
    {"capabilty", "capability"},
    {"capablity", "capability"},
    {"chanel", "channel"},
    {"charachter", "character"},
    {"charater", "character"},
    {"collison", "collision"},
    {"comand", "command"},
    {"comming", "coming"},
    {"commited", "committed"},
    {"commmand", "command"},
    {"compability", "compatibility"},
    {"comparision", "comparison"},
    {"compatability", "compatibility"},
    {"compatiblity", "compatibility"},
    {"completly", "completely"},
    {"configration", "configuration"},
    {"configuraton", "configuration"},
    {"conneciton", "connection"},
    {"consistant", "consistent"},
    {"contiguos", "contiguous"},
    {"continous", "continuous"},
    {"controler", "controller"},
    {"corect", "correct"},
    {"correclty", "correctly"},
    {"curent", "current"},
    {"currenty", "currently"},
    {"deafult", "default"},
    {"decriptor", "descriptor"},
    {"definately", "definitely"},
    {"dependancy", "dependency"},
    {"descripton", "description"},
    {"desriptor", "descriptor"},
    {"destory", "destroy"},
    {"detatch", "detach"},
    {"diable", "disable"},
    {"differnt", "different"},
    {"dissable", "disable"},
    {"enviroment", "environment"},
    {"equivelent", "equivalent"},
    {"errror", "error"},
    {"existance", "existence"},
    {"existant", "existent"},
    {"explicitely", "explicitly"},
    {"extention", "extension"},
    {"failied", "failed"},
    {"feild", "field"},
    {"fisrt", "first"},
    {"follwing", "following"},
    {"folowing", "following"},
    {"fucntion", "function"},
    {"funciton", "function"},
    {"funtion", "function"},
    {"futher", "further"},
    {"garanteed", "guaranteed"},
    {"gaurantee", "guarantee"},
    {"guarentee", "guarantee"},
    {"hardward", "hardware"},
    {"harware", "hardware"},
    {"heirarchy", "hierarchy"},
    {"hierachy", "hierarchy"},
    {"immediatly", "immediately"},
    {"implemention", "implementation"},
    {"implmentation", "implementation"},
    {"inavlid", "invalid"},
    {"incompatable", "incompatible"},
    {"incorect", "incorrect"},
    {"independant", "independent"},
    {"infomation", "information"},
    {"initalize", "initialize"},
    {"initilize", "initialize"},
    {"instace", "instance"},
    {"interrrupt", "interrupt"},
    {"interupt", "interrupt"},
    {"intial", "initial"},
    {"intialize", "initialize"},
    {"invaild", "invalid"},
    {"lengh", "length"},
    {"lenght", "length"},
    {"libary", "library"},
    {"maintainance", "maintenance"},
    {"maximium", "maximum"},
    {"memeory", "memory"},
    {"memroy", "memory"},
    {"messsage", "message"},
    {"minimun", "minimum"},
    {"mininum", "minimum"},
    {"mispelled", "misspelled"},
    {"missmatch", "mismatch"},
    {"neccesary", "necessary"},
    {"neccessary", "necessary"},
    {"necesary", "necessary"},
    {"nessecary", "necessary"},
    {"noticable", "noticeable"},
    {"occassion", "occasion"},
    {"occurance", "occurrence"},
    {"occured", "occurred"},
    {"occurence", "occurrence"},
    {"ocurred", "occurred"},
    {"offest", "offset"},
    {"ommit", "omit"},
    {"ommited", "omitted"},
    {"operaion", "operation"},
    {"orginal", "original"},
    {"orignal", "original"},
    {"overriden", "overridden"},
    {"paramater", "parameter"},
    {"paramter", "parameter"},
    {"parmeter", "parameter"},
    {"peformance", "performance"},
    {"performace", "performance"},
    {"permision", "permission"},
    {"posible", "possible"},
    {"possibilty", "possibility"},
    {"preceeding", "preceding"},
    {"prefered", "preferred"},
    {"presense", "presence"},
    {"previos", "previous"},
    {"priviledge", "privilege"},
    {"privilige", "privilege"},
    {"probaly", "probably"},
    {"proccess", "process"},
    {"procesor", "processor"},
    {"propery", "property"},
    {"protocal", "protocol"},
    {"recevie", "receive"},
    {"recieve", "receive"},
    {"recieved", "received"},
    {"recieving", "receiving"},
    {"recomend", "recommend"},
    {"refered", "referred"},
    {"registeration", "registration"},
    {"regsiter", "register"},
    {"reigster", "register"},
    {"relevent", "relevant"},
    {"remaing", "remaining"},
    {"reponse", "response"},
    {"requirment", "requirement"},
    {"requried", "required"},
    {"resouce", "resource"},
    {"responce", "response"},
    {"retreive", "retrieve"},
    {"retrive", "retrieve"},
    {"seperate", "separate"},
    {"seperated", "separated"},
    {"seperately", "separately"},
    {"seperation", "separation"},
    {"sequnce", "sequence"},
    {"similiar", "similar"},
    {"simultanous", "simultaneous"},
    {"specfic", "specific"},
    {"specifc", "specific"},
    {"specifed", "specified"},
    {"succeded", "succeeded"},
    {"succesful", "successful"},
    {"successfull", "successful"},
    {"sucess", "success"},
    {"sucessful", "successful"},
    {"sucessfully", "successfully"},
    {"sufficent", "sufficient"},
    {"supoort", "support"},
    {"suport", "support"},
    {"suported", "supported"},
    {"supprot", "support"},
    {"supress", "suppress"},
    {"surpress", "suppress"},
    {"swtich", "switch"},
    {"synchonize", "synchronize"},
    {"syncronize", "synchronize"},
    {"teh", "the"},
    {"temporay", "temporary"},
    {"tempory", "temporary"},
    {"thier", "their"},
    {"threshhold", "threshold"},
    {"tranfer", "transfer"},
    {"transfered", "transferred"},
    {"trasfer", "transfer"},
    {"truely", "truly"},
    {"unecessary", "unnecessary"},
    {"unknwon", "unknown"},
    {"unkown", "unknown"},
    {"unneccessary", "unnecessary"},
    {"unsuported", "unsupported"},
    {"untill", "until"},
    {"usally", "usually"},
    {"usefull", "useful"},
    {"utilty", "utility"},
    {"vaild", "valid"},
    {"verfy", "verify"},
    {"virutal", "virtual"},
    {"whith", "with"},
    {"wich", "which"},
    {"wihtout", "without"},
    {"wirte", "write"},
    {"writen", "written"},
    {"writting", "writing"},
    {"wtih", "with"},
}};

static_assert(std::is_sorted(k_misspellings.begin(), k_misspellings.end()),
              "find_misspellings searches k_misspellings by binary search");

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '\'' || c == '`' || static_cast<unsigned char>(c) >= 0x80;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// What a listed misspelling can look like: its bytes and lengths. A word with another byte (an
// identifier's '_' or digit) or another length is in no entry, so it needs no search.
struct KeyShape {
  std::array<bool, 256> bytes{};
  std::size_t shortest = std::string_view::npos;
  std::size_t longest = 0;
};
constexpr KeyShape key_shape() {
  KeyShape shape;
  for (const auto& entry : k_misspellings) {
    for (const char c : entry.first) {
      shape.bytes[static_cast<unsigned char>(c)] = true;
    }
    shape.shortest = std::min(shape.shortest, entry.first.size());
    shape.longest = std::max(shape.longest, entry.first.size());
  }
  return shape;
}
constexpr KeyShape k_key_shape = key_shape();

bool could_be_listed(std::string_view word) {
  if (word.size() < k_key_shape.shortest || word.size() > k_key_shape.longest) {
    return false;
  }
  return std::all_of(word.begin(), word.end(), [](char c) {
    return k_key_shape.bytes[static_cast<unsigned char>(lower(c))];
  });
}

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
    if (!could_be_listed(word)) {
      i = end;
      continue;
    }
    std::string key(word);
    for (char& c : key) {
      c = lower(c);
    }
    const auto it =
        std::lower_bound(k_misspellings.begin(), k_misspellings.end(), key,
                         [](const auto& entry, const std::string& k) { return entry.first < k; });
    if (it != k_misspellings.end() && it->first == key) {
      std::string suggestion(it->second);
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
    i = end;
  }
  return hits;
}

}  // namespace patchflow::check
