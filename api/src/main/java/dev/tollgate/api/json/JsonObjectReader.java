package dev.tollgate.api.json;

import dev.tollgate.admin.InvalidFieldException;
import dev.tollgate.routing.adapter.WireJson;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.CharacterCodingException;

/**
 * Reads every JSON request body of the JAX-RS resources: strict UTF-8 (no silent U+FFFD for a malformed byte), and a
 * JSON object or a 400 naming {@code body}; Jersey's own reader would hand an array to a resource that expects an
 * object, which fails as an internal error. An empty body reads as {@code null}, which {@code RequestBody} refuses.
 * The body is already bounded by {@code BodyLimitFilter}.
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonObjectReader implements MessageBodyReader<JsonObject> {

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == JsonObject.class;
    }

    @Override
    public JsonObject readFrom(
            Class<JsonObject> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, String> httpHeaders,
            InputStream entityStream)
            throws IOException {
        byte[] body = entityStream.readAllBytes();
        if (body.length == 0) {
            return null;
        }
        JsonValue value;
        try {
            value = WireJson.parseStrictUtf8(body);
        } catch (JsonException e) {
            throw new InvalidFieldException(
                    "body",
                    e.getCause() instanceof CharacterCodingException ? "is not valid UTF-8" : "is not valid JSON");
        }
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new InvalidFieldException("body", "must be a JSON object");
    }
}
