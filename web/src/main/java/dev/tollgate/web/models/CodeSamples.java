package dev.tollgate.web.models;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to call a model from a program, with this installation's address: curl, and the official OpenAI SDKs for
 * Python and JavaScript pointed at Tollgate's OpenRouter-compatible API. The key is read from the environment, never
 * written into a sample. Model ids are from the catalog's alphabet (letters, digits, {@code ._-:/}), safe to place in
 * JSON and in a shell's single quotes.
 */
final class CodeSamples {

    private CodeSamples() {}

    /** Label → sample, in the order they are shown. */
    static Map<String, String> of(String publicUrl, String modelId) {
        String api = publicUrl + "/api/v1";
        Map<String, String> samples = new LinkedHashMap<>();
        samples.put("curl", """
                curl %s/chat/completions \\
                  -H "Authorization: Bearer $TOLLGATE_API_KEY" \\
                  -H "Content-Type: application/json" \\
                  -d '{"model": "%s", "messages": [{"role": "user", "content": "Hello"}]}'""".formatted(api, modelId));
        samples.put("Python", """
                # pip install openai
                import os
                from openai import OpenAI

                client = OpenAI(base_url="%s", api_key=os.environ["TOLLGATE_API_KEY"])
                completion = client.chat.completions.create(
                    model="%s",
                    messages=[{"role": "user", "content": "Hello"}],
                )
                print(completion.choices[0].message.content)""".formatted(api, modelId));
        samples.put("JavaScript", """
                // npm install openai
                import OpenAI from "openai";

                const client = new OpenAI({ baseURL: "%s", apiKey: process.env.TOLLGATE_API_KEY });
                const completion = await client.chat.completions.create({
                  model: "%s",
                  messages: [{ role: "user", content: "Hello" }],
                });
                console.log(completion.choices[0].message.content);""".formatted(api, modelId));
        return samples;
    }
}
