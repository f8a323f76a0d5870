// schema.cpp — valijson behind cg_schema_validate(); see schema.h.
#include "schema.h"

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

namespace
{

using valijson::adapters::NlohmannJsonAdapter;

std::mutex g_lock;
std::map<std::string, std::unique_ptr<valijson::Schema>> g_cache;
// The fetch callback is a plain function pointer: the folder it resolves
// against is set under g_lock for the duration of one schema parse.
std::string g_fetch_dir;

char *dup_string(const std::string &s)
{
	char *p = static_cast<char *>(std::malloc(s.size() + 1));
	if (p)
		std::memcpy(p, s.c_str(), s.size() + 1);
	return p;
}

bool read_json(const std::string &path, nlohmann::json &out, std::string &why)
{
	std::ifstream in(path, std::ios::binary);
	if (!in) {
		why = path + ": cannot open";
		return false;
	}
	try {
		out = nlohmann::json::parse(in);
	} catch (const std::exception &e) {
		why = path + ": " + e.what();
		return false;
	}
	return true;
}

std::string base_name(const std::string &uri)
{
	std::string u = uri.substr(0, uri.find('#'));
	size_t slash = u.find_last_of('/');
	return slash == std::string::npos ? u : u.substr(slash + 1);
}

const nlohmann::json *fetch_doc(const std::string &uri)
{
	std::string name = base_name(uri);
	if (name.empty() || name.find("..") != std::string::npos)
		return nullptr;
	auto *doc = new nlohmann::json();
	std::string why;
	if (!read_json(g_fetch_dir + "/" + name, *doc, why)) {
		delete doc;
		return nullptr;
	}
	return doc;
}

void free_doc(const nlohmann::json *doc)
{
	delete doc;
}

// Returns the cached schema or nullptr (with why set). Caller holds g_lock.
const valijson::Schema *load_schema(const std::string &dir,
                                    const std::string &file, std::string &why)
{
	std::string key = dir + "/" + file;
	auto it = g_cache.find(key);
	if (it != g_cache.end())
		return it->second.get();
	nlohmann::json doc;
	if (!read_json(key, doc, why))
		return nullptr;
	auto schema = std::make_unique<valijson::Schema>();
	try {
		valijson::SchemaParser parser;
		NlohmannJsonAdapter adapter(doc);
		g_fetch_dir = dir;
		parser.populateSchema(adapter, *schema, fetch_doc, free_doc);
	} catch (const std::exception &e) {
		why = key + ": invalid schema: " + e.what();
		return nullptr;
	}
	const valijson::Schema *p = schema.get();
	g_cache.emplace(key, std::move(schema));
	return p;
}

} // namespace

extern "C" int cg_schema_validate(const char *schema_dir,
                                  const char *schema_file, const char *json,
                                  size_t len, size_t max_errors, char **errors)
{
	if (errors)
		*errors = nullptr;
	std::string why;
	try {
		const valijson::Schema *schema;
		{
			std::lock_guard<std::mutex> guard(g_lock);
			schema = load_schema(schema_dir, schema_file, why);
		}
		if (!schema) {
			if (errors)
				*errors = dup_string(why);
			return -1;
		}
		nlohmann::json doc;
		try {
			doc = nlohmann::json::parse(json, json + len);
		} catch (const std::exception &e) {
			if (errors)
				*errors = dup_string(std::string("document: ") +
				                     e.what());
			return -1;
		}
		valijson::Validator validator;
		valijson::ValidationResults results;
		NlohmannJsonAdapter adapter(doc);
		if (validator.validate(*schema, adapter, &results))
			return 0;
		std::ostringstream out;
		valijson::ValidationResults::Error err;
		size_t n = 0, total = results.numErrors();
		while (n < max_errors && results.popError(err)) {
			std::string path;
			for (const auto &c : err.context)
				path += c;
			if (n)
				out << '\n';
			out << path << ": " << err.description;
			n++;
		}
		if (total > n)
			out << "\n(" << (total - n) << " more)";
		if (errors)
			*errors = dup_string(out.str());
		return 1;
	} catch (const std::exception &e) {
		if (errors)
			*errors =
			    dup_string(std::string("validator: ") + e.what());
		return -1;
	}
}

extern "C" void cg_schema_cache_clear(void)
{
	std::lock_guard<std::mutex> guard(g_lock);
	g_cache.clear();
}
