package org.sluice.proxy;

/**
 * One {@code ProxyPassReverse path url}: a {@code Location}, {@code Content-Location} or
 * {@code URI} field of a response that starts with {@code url} is made to point at
 * {@code path} on this server instead.
 *
 * @param path the local path (the {@code <Location>}'s when written in one)
 * @param url the backend URL, as the backend writes it in its redirects
 */
record ReverseMapping(String path, String url) {

    /**
     * {@code value} pointing at this server when it starts with the backend's URL, else null.
     * The result is {@code path} with what followed the URL, as an absolute URL of this server
     * when {@code absolute} makes one of a path (httpd's {@code ap_construct_url}).
     */
    String map(String value, java.util.function.UnaryOperator<String> absolute) {
        if (!value.startsWith(url)) {
            return null;
        }
        String rest = value.substring(url.length());
        String local;
        if (path.endsWith("/") && rest.startsWith("/")) {
            local = path + rest.substring(1);
        } else if (!path.endsWith("/") && !rest.isEmpty() && !rest.startsWith("/") && url.endsWith("/")) {
            local = path + "/" + rest;
        } else {
            local = path + rest;
        }
        return absolute.apply(local.isEmpty() ? "/" : local);
    }
}
