; Chunk query for Go. Capture names are documented in ../query.go.

(package_clause (package_identifier) @package)
(import_spec path: (_) @import)
(comment) @comment

(function_declaration
  name: (identifier) @name
  parameters: (parameter_list) @params
  result: (_)? @result
  body: (block)? @body) @def.function

(method_declaration
  receiver: (parameter_list
    (parameter_declaration
      name: (identifier)? @receiver.var
      type: [
        (type_identifier) @receiver
        (pointer_type (type_identifier) @receiver)
        (generic_type type: (type_identifier) @receiver)
        (pointer_type (generic_type type: (type_identifier) @receiver))
      ]))
  name: (field_identifier) @name
  parameters: (parameter_list) @params
  result: (_)? @result
  body: (block)? @body) @def.method

(type_spec
  name: (type_identifier) @name
  type: (struct_type (field_declaration_list) @body)) @def.struct

(type_spec
  name: (type_identifier) @name
  type: (interface_type "{" @body)) @def.interface

(interface_type
  (method_elem
    name: (field_identifier) @name
    parameters: (parameter_list) @params
    result: (_)? @result) @def.method)

(var_spec
  name: (identifier) @name
  value: (expression_list
    (func_literal
      parameters: (parameter_list) @params
      result: (_)? @result
      body: (block) @body))) @def.lambda

(short_var_declaration
  left: (expression_list (identifier) @name)
  right: (expression_list
    (func_literal
      parameters: (parameter_list) @params
      result: (_)? @result
      body: (block) @body))) @def.lambda

(parameter_declaration name: (identifier) @param.name type: (_) @param.type) @param
(parameter_declaration !name type: (_) @param.type) @param
(variadic_parameter_declaration name: (identifier) @param.name type: (_) @param.type) @param

; @facts: the patterns below are body facts, which walk.go finds in
; function bodies (factRulesOf); keep the two in step.
(call_expression function: (_) @call)
(for_statement) @loop
(if_statement) @branch
(expression_case) @branch
(type_case) @branch
(communication_case) @branch
(return_statement) @return
(if_statement
  condition: (binary_expression
    left: (_) @errcheck
    operator: "!="
    right: (nil)))
(go_statement) @spawn
(assignment_statement
  left: (expression_list
    (selector_expression
      operand: (identifier) @write.obj
      field: (field_identifier) @write.field)))
(inc_statement
  (selector_expression
    operand: (identifier) @write.obj
    field: (field_identifier) @write.field))
