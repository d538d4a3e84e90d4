// How Pulumi reads YAML (gopkg.in/yaml.v3 into interface{}, as Pulumi reads stack config), for
// tests/inputs/test_pulumi_yaml_parity.py. Two modes:
//   yamlv3            one plain scalar per input line, read as the value of `v: <line>`; prints one JSON
//                     line each: {"type": Go type, "text": fmt.Sprint of the value} or {"error": message}
//   yamlv3 documents  a stream of documents (`---` between them); prints each as one JSON line (a float
//                     as {"float": its shortest text}, so JSON never turns it into an integer), or
//                     {"error": message}
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"

	"gopkg.in/yaml.v3"
)

func main() {
	out := json.NewEncoder(os.Stdout)
	if len(os.Args) > 1 && os.Args[1] == "documents" {
		decoder := yaml.NewDecoder(os.Stdin)
		for {
			var value interface{}
			err := decoder.Decode(&value)
			if err == io.EOF {
				return
			}
			if err != nil {
				out.Encode(map[string]string{"error": err.Error()})
				return
			}
			out.Encode(tagged(value))
		}
	}
	scanner := bufio.NewScanner(os.Stdin)
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
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

// tagged marks each float64, so the reader of the JSON can tell 1e+16 (a float) from 10000000000000000.
func tagged(value interface{}) interface{} {
	switch v := value.(type) {
	case float64:
		return map[string]string{"float": strconv.FormatFloat(v, 'g', -1, 64)}
	case []interface{}:
		for i := range v {
			v[i] = tagged(v[i])
		}
		return v
	case map[string]interface{}:
		for k := range v {
			v[k] = tagged(v[k])
		}
		return v
	}
	return value
}
