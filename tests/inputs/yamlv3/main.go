// How Pulumi reads a plain YAML scalar (gopkg.in/yaml.v3 into interface{}, as Pulumi reads stack config):
// one scalar per input line, read as the value of `v: <line>`; prints one JSON line per input line:
// {"type": Go type, "text": fmt.Sprint of the value} or {"error": message}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"

	"gopkg.in/yaml.v3"
)

func main() {
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	out := json.NewEncoder(os.Stdout)
	for scanner.Scan() {
		var doc map[string]interface{}
		if err := yaml.Unmarshal([]byte("v: "+scanner.Text()+"\n"), &doc); err != nil {
			out.Encode(map[string]string{"error": err.Error()})
			continue
		}
		value := doc["v"]
		out.Encode(map[string]string{"type": fmt.Sprintf("%T", value), "text": fmt.Sprint(value)})
	}
}
