// Boost.JSON compiled into the fuzz target, so its parser is instrumented too.
#include <boost/json/src.hpp>
