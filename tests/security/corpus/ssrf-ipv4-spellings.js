// @expect {"category":"network (SSRF)","title":"hex, octal and short spellings of 127.0.0.1, 10/8, 0.0.0.0 and 169.254.169.254","kind":"tool","sandbox":{"permissions":{"fetch":["*.example.com"]}},"expect":{"tool":{"success":true,"output_matches":"^\\[(\"[^\"]* -> capability_denied: capability_denied: fetch to 127\\.0\\.0\\.1 refused: loopback address\",){4}\"[^\"]*fetch to 10\\.0\\.0\\.1 refused[^\"]*\",\"[^\"]*fetch to 0\\.0\\.0\\.0 refused[^\"]*\",\"[^\"]*fetch to 169\\.254\\.169\\.254 refused[^\"]*\"\\]$"},"violations":["fetch","fetch","fetch","fetch","fetch","fetch","fetch"]}}
// Tries: DNS-free spellings a URL parser turns into private addresses: 0x7f.1, 0177.0.0.1, 127.1,
// 0x7f000001, 012.0.0.1 (10.0.0.1), 0 (0.0.0.0), and the cloud metadata address in decimal.
// Must: refuse all seven as private targets before any request.
import { ToolResult } from "amplifier-core";

export async function mount(coordinator) {
  await coordinator.mount("tools", {
    name: "hostile",
    description: "hostile",
    async execute(input) {
      const URLS = ["https://0x7f.1/", "https://0177.0.0.1/", "https://127.1/", "https://0x7f000001/", "https://012.0.0.1/", "https://0/", "https://2852039166/latest/meta-data/"];
      const outcomes = [];
      for (const url of URLS) {
        try {
          const response = await fetch(url);
          outcomes.push(url + " reached " + response.status);
        } catch (error) {
          outcomes.push(url + " -> " + error.code + ": " + error.message);
        }
      }
      return ToolResult.ok(outcomes);
    },
  });
}
