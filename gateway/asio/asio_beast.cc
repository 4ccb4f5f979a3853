// The one translation unit that compiles Boost.Asio and Boost.Beast.
// Every other file includes their headers with BOOST_ASIO_SEPARATE_COMPILATION
// and BOOST_BEAST_SEPARATE_COMPILATION defined (set on the mg_gateway target),
// so the heavy template implementations are built once, keeping the build and
// CI fast on 2 cores.
#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>
