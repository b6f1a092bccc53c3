package io.github.covidxray.cli.serve;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A header value with parameters, such as {@code multipart/form-data; boundary=xyz} or
 * {@code form-data; name="file"; filename="a.png"} (RFC 9110 and RFC 6266 syntax: tokens and quoted
 * strings with backslash escapes). Immutable.
 *
 * @param value the value before the first {@code ;}, lower-cased
 * @param params parameter names (lower-cased) to values, in order
 */
record HeaderValue(String value, Map<String, String> params) {

    HeaderValue {
        params = Map.copyOf(params);
    }

    /**
     * @param header the raw header value
     * @return the parsed value
     * @throws IllegalArgumentException naming the problem if the syntax is broken
     */
    static HeaderValue parse(String header) {
        int semicolon = header.indexOf(';');
        String value = (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        int i = semicolon < 0 ? header.length() : semicolon + 1;
        while (i < header.length()) {
            int eq = header.indexOf('=', i);
            if (eq < 0) {
                if (header.substring(i).isBlank()) {
                    break;
                }
                throw new IllegalArgumentException("parameter without '=' in '" + header + "'");
            }
            String name = header.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            StringBuilder v = new StringBuilder();
            boolean quoted = false;
            int j = eq + 1;
            while (j < header.length() && header.charAt(j) == ' ') {
                j++;
            }
            if (j < header.length() && header.charAt(j) == '"') {
                quoted = true;
                j++;
                while (j < header.length() && header.charAt(j) != '"') {
                    char c = header.charAt(j);
                    if (c == '\\' && j + 1 < header.length()) {
                        c = header.charAt(++j);
                    }
                    v.append(c);
                    j++;
                }
                if (j >= header.length()) {
                    throw new IllegalArgumentException("unterminated quoted string in '" + header + "'");
                }
                j++;
                while (j < header.length() && header.charAt(j) != ';') {
                    if (header.charAt(j) != ' ') {
                        throw new IllegalArgumentException("text after quoted string in '" + header + "'");
                    }
                    j++;
                }
            } else {
                int end = header.indexOf(';', j);
                end = end < 0 ? header.length() : end;
                v.append(header, j, end);
                j = end;
            }
            if (name.isEmpty()) {
                throw new IllegalArgumentException("empty parameter name in '" + header + "'");
            }
            params.put(name, quoted ? v.toString() : v.toString().trim());
            i = j + 1;
        }
        return new HeaderValue(value, params);
    }

    /**
     * @param name a parameter name, lower-case
     * @return its value, or {@code null}
     */
    String param(String name) {
        return params.get(name);
    }
}
