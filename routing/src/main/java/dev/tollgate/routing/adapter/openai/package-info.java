/**
 * OpenAI-compatible chat completions, the protocol most providers speak (Together, Groq, Fireworks, DeepInfra, vLLM,
 * Ollama, llama.cpp server…): the call passes through with the endpoint's upstream model; usage is asked for in
 * streams; finish reasons are normalized.
 */
package dev.tollgate.routing.adapter.openai;
